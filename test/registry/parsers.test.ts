// The pure pieces of the registry client: WWW-Authenticate challenges, Link headers, "did you mean" tags.
import assert from 'node:assert/strict';
import { nearestTags, nextLink, parseWwwAuthenticate } from '../../client/src/registry';

describe('registry client: WWW-Authenticate', function () {
  const rows: [header: string | string[], expected: ReturnType<typeof parseWwwAuthenticate>][] = [
    ['Basic realm="test"', [{ scheme: 'basic', params: { realm: 'test' } }]],
    [
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      [{ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } }],
    ],
    [
      'Bearer realm="https://r/token", scope="repository:a/b:pull,push", error="insufficient_scope"',
      [{ scheme: 'bearer', params: { realm: 'https://r/token', scope: 'repository:a/b:pull,push', error: 'insufficient_scope' } }],
    ],
    [
      'Bearer realm="https://r/token",service="s", Basic realm="fallback, with comma"',
      [
        { scheme: 'bearer', params: { realm: 'https://r/token', service: 's' } },
        { scheme: 'basic', params: { realm: 'fallback, with comma' } },
      ],
    ],
    [['Negotiate', 'BASIC Realm=plain , charset="UTF-8"'], [{ scheme: 'negotiate', params: {} }, { scheme: 'basic', params: { realm: 'plain', charset: 'UTF-8' } }]],
    ['Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple"', [
      { scheme: 'newauth', params: { realm: 'apps', type: '1', title: 'Login to "apps"' } },
      { scheme: 'basic', params: { realm: 'simple' } },
    ]],
    ['Negotiate abc+/def==, Basic realm="x"', [{ scheme: 'negotiate', params: {}, token68: 'abc+/def==' }, { scheme: 'basic', params: { realm: 'x' } }]],
    ['', []],
  ];
  for (const [header, expected] of rows) {
    it(`parses ${JSON.stringify(header)}`, function () {
      assert.deepEqual(parseWwwAuthenticate(header), expected);
    });
  }
});

describe('registry client: Link', function () {
  it('finds rel="next", relative or absolute, among other links', function () {
    assert.equal(nextLink('</v2/a/tags/list?n=2&last=b>; rel="next"'), '/v2/a/tags/list?n=2&last=b');
    assert.equal(nextLink('<https://x/first>; rel="first", <https://x/next?a=1,2>; rel=next'), 'https://x/next?a=1,2');
    assert.equal(nextLink('<https://x/prev>; rel="prev"'), undefined);
    assert.equal(nextLink(undefined), undefined);
  });
});

describe('registry client: nearestTags', function () {
  it('prefers tags of the same shape, nearest in their numbers', function () {
    assert.deepEqual(nearestTags('1.25.9', ['latest', '1.24.0', '1.25.3', '1.25.10', '2.0.0', '1.26.0'], 3), ['1.25.10', '1.25.3', '1.26.0']);
    assert.deepEqual(nearestTags('v3-alpine', ['v2-alpine', 'v3', 'v4-alpine', 'alpine'], 2), ['v4-alpine', 'v2-alpine'], 'equally near: the newer first');
  });
  it('falls back to edit distance, and leaves out distant tags and the tag itself', function () {
    assert.deepEqual(nearestTags('lastest', ['latest', 'stable', 'lastest', 'nightly-2024-01-01']), ['latest']);
    assert.deepEqual(nearestTags('prod', ['production-eu-west-1', 'dev']), []);
    assert.deepEqual(nearestTags('v1', [], 3), []);
  });
});
