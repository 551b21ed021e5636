import type { TaskAssignment } from '../../src-shared/models';
import type { FileStat, WorktreeDiff } from '../workspace/worktree-diff';

/**
 * The prompt travels as one argv string, and Linux refuses a single argument over 128 KiB (E2BIG); the
 * patch is capped well below that so the task, the file list and the instructions always fit with it.
 */
export const DEFAULT_MAX_PATCH_BYTES = 64 * 1024;
/** A change touching thousands of files still needs a prompt that can be launched. */
const MAX_LISTED_FILES = 400;

export interface ReviewPromptInput {
  task: string;
  /** The worker whose change is reviewed. */
  target: string;
  assignment: TaskAssignment | null;
  /** `git diff <base>` of the target's worktree; null when there is none to show. */
  diff: WorktreeDiff | null;
  /** Why there is no diff, said to the reviewer so it reads the working directory instead. */
  noDiffReason?: string;
  maxPatchBytes?: number;
}

/** The verdict JSON every reviewer must end with (ARCHITECTURE §4); the demo agents key on `"verdict"`. */
export const VERDICT_SHAPE =
  '{"verdict":"approve|concern|blocker","summary":"…","findings":[{"severity":"critical|high|medium|low","file":"…","line":12,"message":"…","suggestion":"…"}]}';

/**
 * A reviewer's prompt: what the whole task is, what the target was asked to do, and what it changed. The
 * reviewer sees no other reviewer's verdict — reviews are blind so one opinion cannot anchor the rest.
 */
export function buildReviewPrompt(input: ReviewPromptInput): string {
  const { assignment, target } = input;
  return [
    `You are reviewing the work of ${target}, one of several coding agents working in parallel on one task, each in its own git worktree. Your working directory is ${target}'s worktree.`,
    '',
    'Review read-only: do not create, edit or delete any file, do not commit, and run only commands that change nothing (reading files, git diff, git log, git show, git status).',
    '',
    `Task: ${input.task}`,
    '',
    ...(assignment
      ? [
          `${target}'s assignment: ${assignment.title}`,
          assignment.instructions,
          ...(assignment.scope.length > 0 ? [`Scope: ${assignment.scope.join(', ')}`] : []),
        ]
      : [`${target}'s assignment: the task above.`]),
    '',
    ...diffSection(input),
    '',
    ...answerSection(),
  ].join('\n');
}

/**
 * The prompt for the one retry of a reviewer whose answer held no valid verdict. A fresh run knows
 * nothing of the first, so the whole prompt is repeated after saying what went wrong.
 */
export function buildRetryPrompt(original: string, problem: string): string {
  return [
    `Your previous review did not end with a valid verdict JSON object (${problem}).`,
    'Review again, and this time end your final message with exactly one JSON object of the shape asked for below, with nothing after it.',
    '',
    original,
  ].join('\n');
}

function diffSection(input: ReviewPromptInput): string[] {
  const { diff } = input;
  if (diff === null) {
    return [
      `No diff is available (${input.noDiffReason ?? 'unknown reason'}): review the files in your working directory against the task.`,
    ];
  }
  if (diff.files.length === 0) {
    return [
      `The change under review: \`git diff ${diff.base}\` of the worktree is empty — nothing changed yet.`,
    ];
  }
  const { text, truncated } = capPatch(diff.patch, input.maxPatchBytes ?? DEFAULT_MAX_PATCH_BYTES);
  const fence = fenceFor(text);
  return [
    `The change under review: \`git diff ${diff.base}\` of the worktree (commits and uncommitted files alike).`,
    '',
    `Files changed (${diff.files.length}):`,
    ...fileList(diff.files),
    '',
    `${fence}diff`,
    text,
    fence,
    ...(truncated
      ? [
          `Note: the patch was truncated to its first ${text.length} of ${diff.patch.length} characters to fit the prompt; the file list above is complete. Read the rest with \`git diff ${diff.base} -- <file>\`.`,
        ]
      : []),
  ];
}

function answerSection(): string[] {
  return [
    'Judge the change against the task and the assignment: correctness, missing tests, security, and work outside the scope.',
    '',
    'Verdicts:',
    '- "approve": the change is correct for its assignment; nothing needs to change before it is merged.',
    '- "concern": something should be fixed or clarified, but work can go on meanwhile.',
    '- "blocker": the change is wrong, unsafe or breaks something; work must stop until a person looks at it.',
    '',
    'End your final message with exactly one JSON object, with nothing after it:',
    VERDICT_SHAPE,
    'Use an empty "findings" array when there is nothing to report; "file", "line" and "suggestion" are optional.',
  ];
}

function fileList(files: readonly FileStat[]): string[] {
  const shown = files
    .slice(0, MAX_LISTED_FILES)
    .map((f) => (f.binary ? `- ${f.path} (binary)` : `- ${f.path} (+${f.added} -${f.deleted})`));
  const hidden = files.length - shown.length;
  return hidden > 0 ? [...shown, `- … and ${hidden} more files`] : shown;
}

/** The patch cut at a line boundary once it exceeds `maxBytes` of UTF-8. */
export function capPatch(patch: string, maxBytes: number): { text: string; truncated: boolean } {
  const bytes = Buffer.from(patch, 'utf8');
  if (bytes.length <= maxBytes) return { text: patch.replace(/\n$/, ''), truncated: false };
  // A cut inside a multi-byte character decodes as U+FFFD; cutting back to the last newline drops it.
  const head = bytes.subarray(0, maxBytes).toString('utf8');
  const lastNewline = head.lastIndexOf('\n');
  return { text: lastNewline > 0 ? head.slice(0, lastNewline) : head, truncated: true };
}

/** A code fence longer than any backtick run inside the patch (a changed Markdown file has its own). */
function fenceFor(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  return '`'.repeat(Math.max(3, longest + 1));
}
