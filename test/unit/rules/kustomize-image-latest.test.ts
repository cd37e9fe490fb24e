import { ruleTester, yaml } from '../../helpers/rule-tester';

const kustomization = (...images: string[]) =>
  yaml('apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - ../../base', 'images:', ...images.map((l) => `  ${l}`));

const DIGEST = 'sha256:' + 'b'.repeat(64);

ruleTester('kustomize-image-latest', {
  valid: [
    kustomization('- name: api', '  newTag: v2.5.0'),
    { name: 'a digest wins over the tag', code: kustomization('- name: api', '  newTag: latest', `  digest: ${DIGEST}`) },
    { name: 'newName only', code: kustomization('- name: api', '  newName: registry.example.com/api') },
    { name: 'tags are case-sensitive: "Latest" is another tag', code: kustomization('- name: api', '  newTag: Latest') },
    { name: 'a ConfigMap is not a Kustomization', code: yaml('apiVersion: v1', 'kind: ConfigMap', 'data:', '  images: latest') },
    { name: 'images list outside a kustomization file', code: yaml('images:', '  - name: api', '    newTag: latest'), fileName: 'values.yaml' },
    {
      name: 'kind Kustomization of another API group (Flux) is not a kustomize.config.k8s.io one',
      code: yaml('apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'spec:', '  images:', '    - name: api', '      newTag: latest'),
    },
  ],
  invalid: [
    {
      code: kustomization('- name: api', '  newTag: latest'),
      errors: [{ range: [7, 13, 7, 19], text: 'latest', severity: 'warning', message: /"api".*Synced/, noFix: true }],
    },
    {
      name: 'quoted, with newName, next to a pinned entry',
      code: kustomization('- name: web', `  digest: ${DIGEST}`, '- name: api', '  newName: reg.io/team/api', '  newTag: "latest"'),
      errors: [{ range: [10, 13, 10, 21], text: '"latest"' }],
    },
    {
      name: 'an empty digest does not pin',
      code: kustomization('- name: api', '  newTag: latest', '  digest: ""'),
      errors: [{ range: [7, 13, 7, 19] }],
    },
    {
      name: 'recognised by file name, without apiVersion and kind',
      fileName: 'overlays/prod/kustomization.yaml',
      code: yaml('images:', '- {name: api, newTag: latest}'),
      errors: [{ range: [2, 23, 2, 29], text: 'latest' }],
    },
    {
      name: 'an aliased newTag is anchored where it is used',
      code: kustomization('- {name: web, newName: reg.io/web}', '- name: worker', '  newTag: &tag latest', '- name: api', '  newTag: *tag'),
      errors: [
        { range: [8, 18, 8, 24], text: 'latest', message: /"worker"/ },
        { range: [10, 13, 10, 17], text: '*tag', message: /"api"/ },
      ],
    },
    {
      name: 'a Component, recognised by kind',
      code: yaml('apiVersion: kustomize.config.k8s.io/v1alpha1', 'kind: Component', 'images:', '  - name: api', '    newTag: latest'),
      errors: [{ range: [5, 13, 5, 19] }],
    },
    {
      name: 'a file named Kustomization, CRLF',
      fileName: 'C:\\repo\\overlays\\dev\\Kustomization',
      code: yaml('kind: Kustomization', 'images:', '  - name: api', '    newTag: latest').replace(/\n/g, '\r\n'),
      errors: [{ range: [4, 13, 4, 19] }],
    },
  ],
});
