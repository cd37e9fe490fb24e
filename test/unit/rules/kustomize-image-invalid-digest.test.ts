import { ruleTester, yaml } from '../../helpers/rule-tester';

const kustomization = (...images: string[]) =>
  yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'images:', ...images.map((l) => `  ${l}`));

const HEX = 'e'.repeat(64);

ruleTester('kustomize-image-invalid-digest', {
  valid: [
    kustomization('- name: api', `  digest: sha256:${HEX}`),
    kustomization('- name: api', '  newTag: v1', `  digest: "sha256:${HEX}"`),
    { name: 'no digest', code: kustomization('- name: api', '  newTag: v1') },
    { name: 'an empty digest is no digest', code: kustomization('- name: api', '  newTag: v1', '  digest:') },
    { name: 'a templated digest', code: kustomization('- name: api', '  digest: ${API_DIGEST}') },
  ],
  invalid: [
    {
      name: 'a git commit SHA',
      code: kustomization('- name: api', '  digest: 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39'),
      errors: [
        {
          range: [5, 13, 5, 53],
          text: '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
          severity: 'error',
          message: /git commit SHA.*InvalidImageName/,
          noFix: true,
        },
      ],
    },
    {
      name: 'an all-digit short SHA is a YAML number, judged as written',
      code: kustomization('- name: api', '  digest: 0012345'),
      errors: [{ range: [5, 13, 5, 20], text: '0012345', message: /"0012345"/ }],
    },
    {
      name: 'a short sha256 digest',
      code: kustomization('- name: api', '  newTag: v1', '  digest: sha256:abc123'),
      errors: [{ range: [6, 13, 6, 26], message: /6 hex digits/ }],
    },
    {
      name: 'uppercase hex',
      code: kustomization('- name: api', `  digest: sha256:${HEX.toUpperCase()}`),
      errors: [{ range: [5, 13, 5, 84], message: /lowercase/ }],
    },
    {
      name: 'the prefix is missing',
      code: kustomization('- name: api', `  digest: '${HEX}'`),
      errors: [{ range: [5, 13, 5, 79], message: /prefix/ }],
    },
    {
      name: 'another algorithm',
      code: kustomization('- name: api', `  digest: sha512:${'f'.repeat(128)}`),
      errors: [{ range: [5, 13, 5, 148] }],
    },
    {
      name: 'newTag: latest with a bad digest: the digest is what is wrong',
      fileName: 'base/kustomization.yaml',
      code: yaml('images:', '- name: api', '  newTag: latest', '  digest: "sha256:"'),
      errors: [{ range: [4, 11, 4, 20], text: '"sha256:"', message: /0 hex digits/ }],
    },
  ],
});
