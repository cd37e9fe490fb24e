import { ruleTester, yaml } from '../../helpers/rule-tester';

const kustomization = (...images: string[]) =>
  yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'images:', ...images.map((l) => `  ${l}`));

const DIGEST = 'sha256:' + 'c'.repeat(64);

ruleTester('kustomize-image-not-pinned', {
  valid: [
    kustomization('- name: api', '  newTag: v2.5.0', `  digest: ${DIGEST}`),
    kustomization('- name: api', `  digest: ${DIGEST}`),
    { name: 'latest is the other rule', code: kustomization('- name: api', '  newTag: latest') },
    { name: 'newName only keeps the original reference', code: kustomization('- name: api', '  newName: reg.io/api') },
    { name: 'a templated tag (Flux post-build substitution)', code: kustomization('- name: api', '  newTag: ${IMAGE_TAG}') },
    { name: 'an empty tag', code: kustomization('- name: api', '  newTag: ""') },
    { name: 'a templated digest counts as a digest', code: kustomization('- name: api', '  newTag: v1', '  digest: ${API_DIGEST}') },
  ],
  invalid: [
    {
      code: kustomization('- name: api', '  newTag: v2.5.0'),
      errors: [{ range: [4, 11, 4, 14], text: 'api', severity: 'hint', message: /"api".*"v2\.5\.0".*digest/, noFix: true }],
    },
    {
      name: 'a numeric tag is named as written (1.10, not 1.1)',
      code: kustomization('- name: web', '  newTag: 1.10'),
      errors: [{ range: [4, 11, 4, 14], text: 'web', message: /"1\.10"/ }],
    },
    {
      name: 'no name: anchored on the first key',
      code: kustomization('- newName: reg.io/api', '  newTag: v3'),
      errors: [{ range: [4, 5, 4, 12], text: 'newName', message: /reg\.io\/api/ }],
    },
    {
      name: 'an aliased name is anchored where it is used',
      code: kustomization('- name: &img api', '  newTag: v1', '- name: *img', '  newName: reg.io/api-canary', '  newTag: v2'),
      errors: [
        { range: [4, 16, 4, 19], text: 'api' },
        { range: [6, 11, 6, 15], text: '*img', message: /"api"/ },
      ],
    },
    {
      name: 'flow style, by file name',
      fileName: 'kustomization.yml',
      code: yaml('images: [{name: "api", newTag: v1}]'),
      errors: [{ range: [1, 17, 1, 22], text: '"api"' }],
    },
  ],
});
