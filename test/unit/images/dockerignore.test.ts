// .dockerignore semantics, case by case, from Docker's documentation of the file
// (docs.docker.com/build/concepts/context/#dockerignore-files) and the behaviour of
// moby's patternmatcher it describes.
import { describe, expect, it } from 'vitest';
import {
  DockerignoreError,
  cleanPath,
  createMatcher,
  keepBuildFiles,
  parseDockerignore,
} from '../../../src/images/dockerignore.js';

// [what the case shows, .dockerignore text, path, excluded?]
const cases: [string, string, string, boolean][] = [
  // The documentation's example file.
  ['*/temp* matches one level down (file)', '*/temp*', 'somedir/temporary.txt', true],
  ['*/temp* matches one level down (dir)', '*/temp*', 'somedir/temp', true],
  ['*/temp* does not match at the root', '*/temp*', 'temporary.txt', false],
  ['*/temp* does not match two levels down', '*/temp*', 'a/b/temporary.txt', false],
  ['*/*/temp* matches two levels down', '*/*/temp*', 'somedir/subdir/temporary.txt', true],
  ['temp? matches one more character at the root', 'temp?', 'tempa', true],
  ['temp? needs exactly one more character', 'temp?', 'temp', false],
  ['temp? does not match below the root', 'temp?', 'dir/tempa', false],
  ['? does not match a slash', 'a?b', 'a/b', false],
  ['a comment line is no pattern', '# comment', '# comment', false],
  ['a # after space is a pattern', ' #x', '#x', true],
  ['a leading / escapes a #', '/#x', '#x', true],
  // ** spans any number of directories, including none.
  ['**/*.go at the root', '**/*.go', 'main.go', true],
  ['**/*.go deep down', '**/*.go', 'a/b/c/main.go', true],
  ['**/*.go not other extensions', '**/*.go', 'a/main.gox', false],
  ['a/**/b with no dir between', 'a/**/b', 'a/b', true],
  ['a/**/b with dirs between', 'a/**/b', 'a/x/y/b', true],
  ['trailing ** matches everything under', 'a/**', 'a/x/y', true],
  ['** alone matches everything', '**', 'any/thing', true],
  // Exceptions: the last matching line wins.
  ['*.md excludes markdown', '*.md', 'notes.md', true],
  ['!README.md brings one back', '*.md\n!README.md', 'README.md', false],
  ['the others stay out', '*.md\n!README.md', 'CHANGES.md', true],
  [
    'an exclusion after an exception wins',
    '*.md\n!README*.md\nREADME-secret.md',
    'README-secret.md',
    true,
  ],
  ['…and other READMEs stay in', '*.md\n!README*.md\nREADME-secret.md', 'README-x.md', false],
  [
    'an exception after an exclusion wins',
    '*.md\nREADME-secret.md\n!README*.md',
    'README-secret.md',
    false,
  ],
  ['*.md stays at the root', '*.md', 'docs/a.md', false],
  // A pattern matching a directory excludes what is inside it.
  ['a directory name excludes its content', 'node_modules', 'node_modules/x/index.js', true],
  ['only at the root', 'node_modules', 'pkg/node_modules/x.js', false],
  ['**/node_modules at any depth', '**/node_modules', 'pkg/node_modules/x.js', true],
  ['an exception inside an excluded directory', 'dir\n!dir/keep', 'dir/keep', false],
  ['…leaves the rest excluded', 'dir\n!dir/keep', 'dir/other', true],
  ['…and what is under the kept entry comes back too', 'dir\n!dir/keep', 'dir/keep/deep', false],
  ['dir/* excludes the content', 'dir/*', 'dir/a', true],
  ['dir/* excludes deeper content too (a parent matches)', 'dir/*', 'dir/a/b', true],
  ['dir/* leaves the directory itself', 'dir/*', 'dir', false],
  // Cleaning: leading/trailing slashes, ./ and .. are path.Clean'ed away.
  ['leading slash', '/foo/bar', 'foo/bar', true],
  ['trailing slash', 'foo/bar/', 'foo/bar', true],
  ['both slashes', '/foo/bar/', 'foo/bar/baz', true],
  ['./ prefix', './foo', 'foo', true],
  ['.. cleaned', 'foo/../bar', 'bar', true],
  ['surrounding spaces trimmed', '   spaced   ', 'spaced', true],
  ['CRLF line ends', 'a\r\nb\r\n', 'b', true],
  // Go filepath.Match details.
  ['character class', '[ab].txt', 'b.txt', true],
  ['character range excludes others', '[a-c].txt', 'd.txt', false],
  ['escaped star is literal', 'x\\*', 'x*', true],
  ['escaped star is not a wildcard', 'x\\*', 'xy', false],
  // Matching is case-sensitive, as in Docker.
  ['case matters', '*.MD', 'a.md', false],
  // Nothing to exclude.
  ['blank lines only', '\n   \n', 'anything', false],
];

describe('.dockerignore matching', () => {
  it.each(cases)('%s', (_what, text, path, excluded) => {
    expect(createMatcher(parseDockerignore(text)).excludes(path)).toBe(excluded);
  });
});

describe('parseDockerignore', () => {
  it('keeps Docker’s cleaned patterns, exceptions marked with !', () => {
    const text = '\uFEFF# comment\n/a/\n ! b/./c \n\n*.log\n./\n';
    expect(parseDockerignore(text)).toEqual(['a', '!b/c', '*.log', '.']);
  });

  it('cleans as Go’s filepath.Clean does', () => {
    expect(cleanPath('a//b/../c/')).toBe('a/c');
    expect(cleanPath('/')).toBe('/');
    expect(cleanPath('./')).toBe('.');
  });
});

describe('walking into excluded directories', () => {
  it('enters an excluded directory only when an exception starts with its path', () => {
    const matcher = createMatcher(parseDockerignore('dir\nother\n!dir/sub/keep\n!**/*.go'));
    expect(matcher.mayReinclude('dir')).toBe(true);
    expect(matcher.mayReinclude('dir/sub')).toBe(true);
    // `!**/*.go` does not start with `other/`: Docker skips the directory whole.
    expect(matcher.mayReinclude('other')).toBe(false);
  });
});

describe('keepBuildFiles', () => {
  it('adds exceptions for the Dockerfile and .dockerignore when the patterns drop them', () => {
    expect(keepBuildFiles(['*'], 'Dockerfile')).toEqual(['*', '!.dockerignore', '!Dockerfile']);
    expect(keepBuildFiles(['docker'], 'docker/app.Dockerfile')).toEqual([
      'docker',
      '!docker/app.Dockerfile',
    ]);
  });

  it('adds nothing when they are sent anyway', () => {
    expect(keepBuildFiles(['*.log'], 'Dockerfile')).toEqual(['*.log']);
  });
});

describe('patterns Docker refuses', () => {
  it('refuses ! alone', () => {
    expect(() => createMatcher(['a', '!'], '/ctx/.dockerignore')).toThrow(DockerignoreError);
    expect(() => createMatcher(['!'], '/ctx/.dockerignore')).toThrow(
      '/ctx/.dockerignore: illegal exclusion pattern: "!"',
    );
  });

  it('refuses a malformed character class', () => {
    expect(() => createMatcher(['ok', '[z-a]'])).toThrow(/syntax error in pattern: "\[z-a\]"/);
  });
});
