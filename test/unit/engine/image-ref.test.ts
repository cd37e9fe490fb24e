// The image reference grammar of distribution/reference (regexp.go, normalize.go), as a table of its
// corner cases: what parses, how it normalises, where tag and digest start, and what is refused.
import assert from 'node:assert/strict';
import { canonicalRef, isSha256Digest, parseImageRef } from '../../../server/src/engine/image-ref';

const HEX64 = '0123456789abcdef'.repeat(4);
const SHA = `sha256:${HEX64}`;

interface Parsed {
  domain: string;
  path: string;
  tag?: string;
  digest?: string;
  /** Offset of ':' before the tag / '@' before the digest, -1 when absent (defaults to -1). */
  tagStart?: number;
  digestStart?: number;
  canonical: string;
}

type Row = [input: string, expected: Parsed | RegExp, note?: string];

const rows: Row[] = [
  // Docker Hub normalisation
  ['nginx', { domain: 'docker.io', path: 'library/nginx', canonical: 'docker.io/library/nginx:latest' }],
  ['library/nginx', { domain: 'docker.io', path: 'library/nginx', canonical: 'docker.io/library/nginx:latest' }],
  ['docker.io/nginx', { domain: 'docker.io', path: 'library/nginx', canonical: 'docker.io/library/nginx:latest' }],
  ['index.docker.io/nginx', { domain: 'docker.io', path: 'library/nginx', canonical: 'docker.io/library/nginx:latest' }],
  ['docker.io/library/nginx:1.27', { domain: 'docker.io', path: 'library/nginx', tag: '1.27', tagStart: 23, canonical: 'docker.io/library/nginx:1.27' }],
  ['index.docker.io/library/nginx:1', { domain: 'docker.io', path: 'library/nginx', tag: '1', tagStart: 29, canonical: 'docker.io/library/nginx:1' }],
  // user repositories: a first segment without '.', ':' or uppercase, and not localhost, is a Docker Hub namespace
  ['myreg/app', { domain: 'docker.io', path: 'myreg/app', canonical: 'docker.io/myreg/app:latest' }],
  ['registry/app:2', { domain: 'docker.io', path: 'registry/app', tag: '2', tagStart: 12, canonical: 'docker.io/registry/app:2' }],
  ['a/b/c:1', { domain: 'docker.io', path: 'a/b/c', tag: '1', tagStart: 5, canonical: 'docker.io/a/b/c:1' }],
  // localhost and ports: a ':' before the last '/' is a port, never a tag
  ['localhost/app', { domain: 'localhost', path: 'app', canonical: 'localhost/app:latest' }],
  ['localhost:5000/app', { domain: 'localhost:5000', path: 'app', canonical: 'localhost:5000/app:latest' }, 'no tag: 5000 is a port'],
  ['localhost:5000/app:v1', { domain: 'localhost:5000', path: 'app', tag: 'v1', tagStart: 18, canonical: 'localhost:5000/app:v1' }],
  ['registry:5000/a/b:1.2', { domain: 'registry:5000', path: 'a/b', tag: '1.2', tagStart: 17, canonical: 'registry:5000/a/b:1.2' }],
  ['localhost', { domain: 'docker.io', path: 'library/localhost', canonical: 'docker.io/library/localhost:latest' }, 'one segment is always a Docker Hub name'],
  ['localhost:5000', { domain: 'docker.io', path: 'library/localhost', tag: '5000', tagStart: 9, canonical: 'docker.io/library/localhost:5000' }, 'one segment: 5000 is a tag'],
  // IP hosts
  ['192.168.1.10:5000/team/app:1', { domain: '192.168.1.10:5000', path: 'team/app', tag: '1', tagStart: 26, canonical: '192.168.1.10:5000/team/app:1' }],
  ['10.0.0.1/app', { domain: '10.0.0.1', path: 'app', canonical: '10.0.0.1/app:latest' }],
  ['[::1]:5000/app:1', { domain: '[::1]:5000', path: 'app', tag: '1', tagStart: 14, canonical: '[::1]:5000/app:1' }],
  ['[::1]/app', { domain: '[::1]', path: 'app', canonical: '[::1]/app:latest' }],
  ['[2001:db8::1]:443/app', { domain: '[2001:db8::1]:443', path: 'app', canonical: '[2001:db8::1]:443/app:latest' }],
  ['[fe80::1%eth0]:5000/app', /not a valid registry host/, 'IPv6 zone identifiers are excluded'],
  ['[::ffff:1.2.3.4]:5000/app', /not a valid registry host/, 'IPv4-mapped IPv6 is excluded by the grammar'],
  // case: hosts may be uppercase (and an uppercase first segment is a host), repositories may not
  ['REGISTRY.Example.COM/app', { domain: 'REGISTRY.Example.COM', path: 'app', canonical: 'REGISTRY.Example.COM/app:latest' }],
  ['Registry/app', { domain: 'Registry', path: 'app', canonical: 'Registry/app:latest' }, 'an uppercase first segment is taken as a host'],
  ['Nginx', /lowercase/],
  ['nginx/Web:1', /lowercase/],
  ['reg.io/Team/app', /lowercase/],
  ['docker.io/Library/nginx', /lowercase/],
  ['nginx:V1-RC', { domain: 'docker.io', path: 'library/nginx', tag: 'V1-RC', tagStart: 5, canonical: 'docker.io/library/nginx:V1-RC' }, 'tags may be uppercase'],
  // tags
  ['nginx:' + 't'.repeat(128), { domain: 'docker.io', path: 'library/nginx', tag: 't'.repeat(128), tagStart: 5, canonical: 'docker.io/library/nginx:' + 't'.repeat(128) }],
  ['nginx:' + 't'.repeat(129), /not a valid tag/],
  ['nginx:.hidden', /not a valid tag/],
  ['nginx:-rc', /not a valid tag/],
  ['nginx:_build.1-x', { domain: 'docker.io', path: 'library/nginx', tag: '_build.1-x', tagStart: 5, canonical: 'docker.io/library/nginx:_build.1-x' }],
  ['nginx:', /not a valid tag/],
  ['nginx:1:2', /not a valid repository path component/],
  ['nginx:1+2', /not a valid tag/],
  // tag and digest
  [`nginx@${SHA}`, { domain: 'docker.io', path: 'library/nginx', digest: SHA, digestStart: 5, canonical: `docker.io/library/nginx@${SHA}` }],
  [`nginx:1.27@${SHA}`, { domain: 'docker.io', path: 'library/nginx', tag: '1.27', digest: SHA, tagStart: 5, digestStart: 10, canonical: `docker.io/library/nginx:1.27@${SHA}` }],
  [`localhost:5000/app@${SHA}`, { domain: 'localhost:5000', path: 'app', digest: SHA, digestStart: 18, canonical: `localhost:5000/app@${SHA}` }, 'the port is not a tag, with a digest either'],
  [`reg.io:443/a/b:v2@${SHA}`, { domain: 'reg.io:443', path: 'a/b', tag: 'v2', digest: SHA, tagStart: 14, digestStart: 17, canonical: `reg.io:443/a/b:v2@${SHA}` }],
  [`nginx:@${SHA}`, /not a valid tag/],
  ['nginx@', /not a valid digest/],
  [`nginx@${SHA}@${SHA}`, /not a valid digest/],
  // bad digests
  ['nginx@sha256:abc123', /not a valid digest/, 'short'],
  [`nginx@sha256:${HEX64.slice(1)}`, /not a valid sha256 digest/, '63 hex'],
  [`nginx@sha256:${HEX64}0`, /not a valid sha256 digest/, '65 hex'],
  [`nginx@sha256:${HEX64.toUpperCase()}`, /lowercase/, 'uppercase sha256 hex'],
  [`nginx@${HEX64}`, /not a valid digest/, 'no algorithm'],
  [`nginx@sha256:${HEX64.slice(0, 63)}g`, /not a valid/, 'not hex'],
  ['nginx@md5+b64:' + 'ab'.repeat(16), /not a supported digest algorithm/, 'the grammar allows it; runtimes do not know the algorithm'],
  ['nginx@foo:' + 'AB'.repeat(16), /not a supported digest algorithm/, 'unknown algorithm'],
  ['nginx@sha512:' + 'ab'.repeat(64), { domain: 'docker.io', path: 'library/nginx', digest: 'sha512:' + 'ab'.repeat(64), digestStart: 5, canonical: 'docker.io/library/nginx@sha512:' + 'ab'.repeat(64) }, 'sha512 with 128 hex'],
  ['nginx@sha512:' + 'ab'.repeat(32), /not a valid sha512 digest/, 'sha512 with 64 hex'],
  ['nginx@sha384:' + 'AB'.repeat(48), /not a valid sha384 digest/, 'uppercase hex'],
  ['nginx@foo:' + 'a'.repeat(31), /not a valid digest/, '31 hex'],
  ['nginx@1foo:' + 'a'.repeat(32), /not a valid digest/, 'an algorithm starts with a letter'],
  // a 64-hex name alone is an image ID
  [HEX64, /image ID/],
  [`${HEX64}:1`, { domain: 'docker.io', path: `library/${HEX64}`, tag: '1', tagStart: 64, canonical: `docker.io/library/${HEX64}:1` }],
  [`reg.io/${HEX64}`, { domain: 'reg.io', path: HEX64, canonical: `reg.io/${HEX64}:latest` }],
  [HEX64.slice(1), { domain: 'docker.io', path: `library/${HEX64.slice(1)}`, canonical: `docker.io/library/${HEX64.slice(1)}:latest` }, '63 hex is a name'],
  // path components and separators
  ['a__b', { domain: 'docker.io', path: 'library/a__b', canonical: 'docker.io/library/a__b:latest' }],
  ['a--b', { domain: 'docker.io', path: 'library/a--b', canonical: 'docker.io/library/a--b:latest' }],
  ['a---b.c_d', { domain: 'docker.io', path: 'library/a---b.c_d', canonical: 'docker.io/library/a---b.c_d:latest' }],
  ['a..b', /not a valid repository path component/],
  ['a._b', /not a valid repository path component/],
  ['a___b', /not a valid repository path component/],
  ['a-', /not a valid repository path component/],
  ['_a', /not a valid repository path component/],
  ['team/.app', /not a valid repository path component/],
  ['app/', /empty component/, 'trailing slash'],
  ['reg.io/team/', /empty component/],
  ['reg.io//app', /empty component/],
  ['/app', /empty component/],
  ['reg.io/', /no repository path/],
  ['reg.io:5000/', /no repository path/],
  // hosts and ports
  ['reg.io:https/app', /not a valid registry port/],
  ['reg.io:/app', /not a valid registry port/],
  ['-reg.io/app', /not a valid registry host/],
  ['reg-.io/app', /not a valid registry host/],
  ['re_g.io/app', /not a valid registry host/],
  ['reg..io/app', /not a valid registry host/],
  ['my-reg.example-1.io:5000/app', { domain: 'my-reg.example-1.io:5000', path: 'app', canonical: 'my-reg.example-1.io:5000/app:latest' }],
  // empty, whitespace, length
  ['', /empty/],
  [' ', /whitespace/],
  ['nginx ', /whitespace/],
  ['nginx:1\n', /whitespace/],
  ['ng\tinx', /whitespace/],
  [':1', /no repository name/],
  [`@${SHA}`, /no repository name/],
  ['reg.io/' + 'x'.repeat(248), { domain: 'reg.io', path: 'x'.repeat(248), canonical: 'reg.io/' + 'x'.repeat(248) + ':latest' }, '255 characters'],
  ['reg.io/' + 'x'.repeat(249), /longer than 255/],
  ['a/'.repeat(127) + 'ab', /longer than 255/, '256 characters of short components'],
  ['x'.repeat(256) + ':1', /longer than 255/],
  ['x'.repeat(255), /longer than 255/, 'docker.io/library/ counts towards the limit'],
  ['x'.repeat(237), { domain: 'docker.io', path: 'library/' + 'x'.repeat(237), canonical: 'docker.io/library/' + 'x'.repeat(237) + ':latest' }, 'exactly 255 once normalised'],
];

const show = (s: string) => JSON.stringify(s.length > 60 ? `${s.slice(0, 40)}…(${s.length})` : s);

describe('parseImageRef', () => {
  for (const [input, expected, note] of rows) {
    const title = `${show(input)}${note ? ` (${note})` : ''}`;
    if (expected instanceof RegExp) {
      it(`refuses ${title}`, () => {
        const result = parseImageRef(input);
        assert.equal(result.ok, false, `expected an error, got ${JSON.stringify(result)}`);
        if (!result.ok) assert.match(result.error, expected);
      });
      continue;
    }
    it(`parses ${title}`, () => {
      const result = parseImageRef(input);
      assert.ok(result.ok, `expected a reference, got: ${result.ok ? '' : result.error}`);
      const { ref } = result;
      assert.deepEqual(
        { domain: ref.domain, path: ref.path, tag: ref.tag, digest: ref.digest, tagStart: ref.tagStart, digestStart: ref.digestStart, canonical: canonicalRef(ref) },
        { tag: undefined, digest: undefined, tagStart: -1, digestStart: -1, ...expected },
      );
      assert.equal(ref.raw, input);
      // The offsets point at the separators, and the name is what precedes them.
      if (ref.tag !== undefined) assert.equal(input.slice(ref.tagStart, ref.tagStart + 1 + ref.tag.length), `:${ref.tag}`);
      if (ref.digest !== undefined) assert.equal(input.slice(ref.digestStart), `@${ref.digest}`);
      const nameEnd = ref.tagStart !== -1 ? ref.tagStart : ref.digestStart !== -1 ? ref.digestStart : input.length;
      assert.equal(ref.name, input.slice(0, nameEnd));
    });
  }

  it('canonical references parse back to themselves', () => {
    for (const [input, expected] of rows) {
      if (expected instanceof RegExp) continue;
      const first = parseImageRef(input);
      assert.ok(first.ok, input);
      const canonical = canonicalRef(first.ref);
      const again = parseImageRef(canonical);
      assert.ok(again.ok, canonical);
      assert.equal(canonicalRef(again.ref), canonical);
      assert.deepEqual([again.ref.domain, again.ref.path], [first.ref.domain, first.ref.path]);
    }
  });
});

describe('isSha256Digest', () => {
  const table: Array<[string, boolean]> = [
    [SHA, true],
    [`sha256:${HEX64.toUpperCase()}`, false],
    [`sha256:${HEX64.slice(1)}`, false],
    [`sha256:${HEX64}0`, false],
    [HEX64, false],
    [`sha512:${HEX64}${HEX64}`, false],
    [` ${SHA}`, false],
    [`${SHA}\n`, false],
    ['sha256:', false],
    ['', false],
  ];
  for (const [value, ok] of table) {
    it(`${show(value)} → ${ok}`, () => assert.equal(isSha256Digest(value), ok));
  }
});
