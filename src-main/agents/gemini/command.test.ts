import { describe, expect, it } from 'vitest';
import { buildGeminiCommand } from './command';
import { geminiAdapter } from './index';

const base = { prompt: 'add a changelog entry', cwd: '/tmp/wt' };

describe('buildGeminiCommand', () => {
  it('runs work headless with stream-json, edit tools, a trusted folder and the prompt last', () => {
    expect(buildGeminiCommand({ ...base, mode: 'work' })).toEqual({
      args: [
        '-o',
        'stream-json',
        '--approval-mode',
        'auto_edit',
        '--skip-trust',
        '-p',
        'add a changelog entry',
      ],
      env: { GEMINI_CLI_NO_RELAUNCH: 'true', GEMINI_TELEMETRY_ENABLED: 'false', NO_COLOR: '1' },
    });
  });

  it.each(['review', 'plan'] as const)('keeps %s runs read-only with the headless default mode', (mode) => {
    const { args } = buildGeminiCommand({ ...base, mode });
    expect(args.slice(0, 5)).toEqual(['-o', 'stream-json', '--approval-mode', 'default', '--skip-trust']);
    expect(args).not.toContain('auto_edit');
  });

  it('adds model and resume flags, then the config args, before the prompt', () => {
    const { args } = buildGeminiCommand({
      ...base,
      mode: 'work',
      model: 'gemini-2.5-pro',
      resumeRef: 'e4aee9bf-b21b-40fb-a371-396f23a33531',
      extraArgs: ['--include-directories', '/srv/shared'],
    });
    expect(args).toEqual([
      '-o',
      'stream-json',
      '--approval-mode',
      'auto_edit',
      '--skip-trust',
      '-m',
      'gemini-2.5-pro',
      '--resume',
      'e4aee9bf-b21b-40fb-a371-396f23a33531',
      '--include-directories',
      '/srv/shared',
      '-p',
      'add a changelog entry',
    ]);
  });

  it('leaves the approval mode to config args in work runs, since gemini rejects two of them', () => {
    expect(buildGeminiCommand({ ...base, mode: 'work', extraArgs: ['--yolo'] }).args).toEqual([
      '-o',
      'stream-json',
      '--skip-trust',
      '--yolo',
      '-p',
      'add a changelog entry',
    ]);
    const { args } = buildGeminiCommand({ ...base, mode: 'work', extraArgs: ['--approval-mode=yolo'] });
    expect(args.filter((a) => a.startsWith('--approval-mode'))).toEqual(['--approval-mode=yolo']);
  });

  it('drops approval args from the config in read-only runs', () => {
    const { args } = buildGeminiCommand({
      ...base,
      mode: 'review',
      extraArgs: ['--approval-mode', 'yolo', '-y', '--include-directories', 'lib'],
    });
    expect(args).toEqual([
      '-o',
      'stream-json',
      '--approval-mode',
      'default',
      '--skip-trust',
      '--include-directories',
      'lib',
      '-p',
      'add a changelog entry',
    ]);
  });

  it('passes a prompt that starts with a dash as the value of --prompt', () => {
    const { args } = buildGeminiCommand({ ...base, mode: 'work', prompt: '- fix the bug' });
    expect(args.at(-1)).toBe('--prompt=- fix the bug');
    expect(args).not.toContain('-p');
  });

  it('is exposed through the adapter', () => {
    expect(geminiAdapter.name).toBe('gemini');
    expect(geminiAdapter.format).toBe('gemini-stream-json');
    expect(geminiAdapter.defaultCommand).toBe('gemini');
    expect(geminiAdapter.buildCommand({ ...base, mode: 'plan' }).args).toContain('default');
    expect(geminiAdapter.createParser().push('{"type":"init","session_id":"s1","model":"m"}', 1)).toEqual([
      { type: 'session_ref', payload: { ref: 's1', model: 'm' }, lines: { from: 1, to: 1 } },
    ]);
  });
});
