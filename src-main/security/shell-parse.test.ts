import { describe, expect, it } from 'vitest';
import { invocationsOf } from './invocations';
import { parseShell } from './shell-parse';

const words = (script: string): string[][] =>
  parseShell(script).pipelines.flatMap((p) => p.map((c) => c.words.map((w) => w.text)));

const programs = (script: string): string[] =>
  invocationsOf(script, '/wt', '/home/u').invocations.map((i) => i.program);

describe('parseShell', () => {
  it('splits on ; && || | & and newlines', () => {
    expect(words('a 1; b 2 && c || d | e & f\ng')).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c'],
      ['d'],
      ['e'],
      ['f'],
      ['g'],
    ]);
    const pipelines = parseShell('a | b |& c; d').pipelines;
    expect(pipelines.map((p) => p.length)).toEqual([3, 1]);
  });

  it('removes quotes and escapes, keeping quoted operators inside their word', () => {
    expect(words(`echo 'a; b' "c && d" e\\ f $'g\\nh'`)).toEqual([['echo', 'a; b', 'c && d', 'e f', 'g\nh']]);
  });

  it('marks expansions as dynamic and keeps them as written', () => {
    const [command] = parseShell('rm -rf "$DIR/x" ${HOME} plain').pipelines[0]!;
    expect(command?.words.map((w) => [w.text, w.dynamic])).toEqual([
      ['rm', false],
      ['-rf', false],
      ['$DIR/x', true],
      ['${HOME}', true],
      ['plain', false],
    ]);
  });

  it('reads the commands inside $(…), backticks and <(…)', () => {
    expect(words('echo $(whoami) `id -u` <(ls)').map((w) => w[0])).toEqual(['whoami', 'id', 'ls', 'echo']);
  });

  it('keeps file redirections apart from words and drops fd duplications', () => {
    const [command] = parseShell('cmd a > out.txt 2>>err.log 2>&1 < in &> all').pipelines[0]!;
    expect(command?.words.map((w) => w.text)).toEqual(['cmd', 'a']);
    expect(command?.redirects.map((r) => [r.op, r.target.text])).toEqual([
      ['>', 'out.txt'],
      ['>>', 'err.log'],
      ['<', 'in'],
      ['>', 'all'],
    ]);
  });

  it('treats here-document bodies as data, also inside $(…)', () => {
    expect(words('cat <<EOF > f\nrm -rf /\nEOF\nls')).toEqual([['cat'], ['ls']]);
    expect(words("cat <<-'END'\n\tsudo x\n\tEND\necho ok")).toEqual([['cat'], ['echo', 'ok']]);
    const commit = `git commit -m "$(cat <<'EOF'\nFix the user's bug; sudo rm -rf /\nEOF\n)" && git log`;
    expect(words(commit).map((w) => w[0])).toEqual(['cat', 'git', 'git']);
  });

  it('skips comments and ends unterminated quotes at the end of the text', () => {
    expect(words('ls # sudo rm -rf /\npwd')).toEqual([['ls'], ['pwd']]);
    expect(words("echo 'never closed; sudo x")).toEqual([['echo', 'never closed; sudo x']]);
    expect(words('echo "$(sudo x')).toEqual([
      ['sudo', 'x'],
      ['echo', '$(sudo x'],
    ]);
  });

  it('removes quoted text from the syntax view', () => {
    expect(parseShell(`echo ':(){ :|:& };:' x`).syntax).not.toContain('|');
  });

  it('reads a command after a substitution of hundreds of thousands of commands', () => {
    const script = `echo "$(${'a;'.repeat(300_000)})"; sudo x`;
    expect(
      parseShell(script)
        .pipelines.at(-1)?.[0]
        ?.words.map((w) => w.text),
    ).toEqual(['sudo', 'x']);
  });

  it('stays within its nesting limit on adversarial input', () => {
    const deep = '$('.repeat(50_000) + 'x' + ')'.repeat(50_000);
    expect(() => parseShell(deep)).not.toThrow();
    expect(() => parseShell('`'.repeat(100_000))).not.toThrow();
  });
});

describe('invocationsOf', () => {
  it('unwraps wrappers and shells', () => {
    expect(programs('sudo -u root env FOO=1 nice -n 5 rm -rf x')).toEqual(['sudo', 'env', 'nice', 'rm']);
    expect(programs("/bin/bash -lc 'npm test && git status'")).toEqual(['bash', 'npm', 'git']);
    expect(programs("sh -e -c 'ls'")).toEqual(['sh', 'ls']);
    expect(programs('bash script.sh')).toEqual(['bash']);
    expect(programs("eval 'sudo id'")).toEqual(['eval', 'sudo', 'id']);
    expect(programs('command -v rm')).toEqual(['command']);
    expect(programs('FOO=1 BAR=2 make')).toEqual(['make']);
    expect(programs('if true; then ls; fi')).toEqual(['true', 'ls']);
    expect(programs('for f in *.ts; do echo $f; done')).toEqual(['echo']);
  });

  it('follows cd through the line but not out of a pipeline', () => {
    const cwds = (script: string) => invocationsOf(script, '/wt', '/home/u').invocations.map((i) => i.cwd);
    expect(cwds('cd src && ls; cd .. ; cd ..; ls')).toEqual(['/wt', '/wt/src', '/wt/src', '/wt', '/']);
    expect(cwds('cd /tmp | cat; ls')).toEqual(['/wt', '/wt', '/wt']);
    expect(cwds('cd; ls')).toEqual(['/wt', '/home/u']);
    expect(cwds('cd "$X"; ls')).toEqual(['/wt', null]);
  });
});
