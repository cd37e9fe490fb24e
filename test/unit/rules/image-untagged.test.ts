import { ruleTester, yaml } from '../../helpers/rule-tester';

const pod = (image: string) =>
  yaml('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: app', `      image: ${image}`);

ruleTester('image-untagged', {
  valid: [pod('nginx:1.27'), pod('nginx:latest'), pod('nginx@sha256:' + 'b'.repeat(64)), pod('registry:5000/a/b:1.2')],
  invalid: [
    { code: pod('nginx'), errors: [{ range: [8, 14, 8, 19], text: 'nginx', severity: 'warning', message: /nginx:latest/ }] },
    { name: 'a registry port is not a tag', code: pod('localhost:5000/app'), errors: [{ range: [8, 14, 8, 32], text: 'localhost:5000/app' }] },
    { name: 'registry with port and path', code: pod("'registry.example.com:443/team/app'"), errors: [{ range: [8, 14, 8, 49] }] },
  ],
});
