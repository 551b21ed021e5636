import fc from 'fast-check';
import type { Corpus, Json } from './corpus';

type Container = Json[] | { [key: string]: Json };

/** Every (container, key) slot of a JSON value, the root's own slot excluded. */
function slots(root: Json): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const stack: Json[] = [root];
  while (stack.length > 0) {
    const value = stack.pop() as Json;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        out.push([value, i]);
        stack.push(item);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        out.push([value, key]);
        stack.push(item);
      }
    }
  }
  return out;
}

const set = (container: Container, key: string | number, value: Json): void => {
  (container as Record<string | number, Json>)[key] = value;
};

/**
 * A value of another shape than the one it replaces: the parsers trust no field's type. The strings are
 * outputs some parsers read numbers from (exit codes), with numbers no schema accepts.
 */
const SWAPS: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  '',
  'x',
  [],
  {},
  [[]],
  { type: 'x' },
  ['a', 1],
  'Command exited with code: 99999999999999999999',
  'Exit code 99999999999999999999',
  'HTTP 99999999999999999999',
];

/** Number literals JSON.stringify never writes but a CLI could: overflow to Infinity, beyond safe integers. */
const NUMBER_LITERALS = ['1e999', '-1e999', '99999999999999999999', '-5', '0.5', '5e-324', '-0', '1e308'];

function nested(depth: number, kind: number): Json {
  let value: Json = kind % 2 === 0 ? 'leaf' : null;
  for (let i = 0; i < depth; i++) value = kind % 3 === 0 ? [value] : { a: value, type: 'x' };
  return value;
}

/** Mutations on the parsed object of a real line, applied to the slot `pick` selects. */
export type JsonMutation =
  | { op: 'delete'; pick: number }
  | { op: 'swap'; pick: number; to: number }
  | { op: 'huge'; pick: number; size: number; unit: string }
  | { op: 'unicode'; pick: number; text: string }
  | { op: 'junk'; pick: number; depth: number; kind: number }
  | { op: 'random'; pick: number; value: Json }
  | { op: 'retype'; name: string };

export function mutateJson(source: { [key: string]: Json }, mutation: JsonMutation): string {
  const value = structuredClone(source);
  if (mutation.op === 'retype') {
    value.type = mutation.name;
    return JSON.stringify(value);
  }
  const all = slots(value);
  const slot = all[mutation.pick % Math.max(1, all.length)];
  if (!slot) return JSON.stringify(value);
  const [container, key] = slot;
  switch (mutation.op) {
    case 'delete':
      if (Array.isArray(container)) container.splice(Number(key), 1);
      else delete container[key as string];
      break;
    case 'swap':
      set(container, key, SWAPS[mutation.to % SWAPS.length] as Json);
      break;
    case 'huge':
      set(container, key, mutation.unit.repeat(Math.ceil(mutation.size / mutation.unit.length)));
      break;
    case 'unicode':
      set(container, key, mutation.text);
      break;
    case 'junk':
      set(container, key, nested(mutation.depth, mutation.kind));
      break;
    case 'random':
      set(container, key, mutation.value);
      break;
  }
  return JSON.stringify(value);
}

/** Mutations on a line's text, JSON or not. */
export type TextMutation =
  | { op: 'truncate'; at: number }
  | { op: 'chars'; edits: [number, number][] }
  | { op: 'bits'; flips: [number, number][] }
  | { op: 'insert'; at: number; text: string }
  | { op: 'number'; pick: number; literal: number }
  | { op: 'glue'; other: string }
  | { op: 'wrap'; before: string; after: string };

export function mutateText(line: string, mutation: TextMutation): string {
  switch (mutation.op) {
    case 'truncate':
      return line.slice(0, mutation.at % (line.length + 1));
    case 'chars': {
      const chars = [...line];
      for (const [at, code] of mutation.edits)
        if (chars.length > 0) chars[at % chars.length] = String.fromCharCode(code);
      return chars.join('');
    }
    case 'bits': {
      const bytes = Buffer.from(line, 'utf8');
      for (const [at, bit] of mutation.flips)
        if (bytes.length > 0) bytes[at % bytes.length]! ^= 1 << (bit % 8);
      return bytes.toString('utf8');
    }
    case 'insert': {
      const at = mutation.at % (line.length + 1);
      return line.slice(0, at) + mutation.text + line.slice(at);
    }
    case 'number': {
      const numbers = [...line.matchAll(/(?<=[:[,]\s*)-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,}\]])/g)];
      const found = numbers[mutation.pick % Math.max(1, numbers.length)];
      if (found?.index === undefined) return line;
      const literal = NUMBER_LITERALS[mutation.literal % NUMBER_LITERALS.length] as string;
      return line.slice(0, found.index) + literal + line.slice(found.index + found[0].length);
    }
    case 'glue':
      return line + mutation.other;
    case 'wrap':
      return mutation.before + line + mutation.after;
  }
}

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

const jsonMutation = (typeNames: readonly string[]): fc.Arbitrary<JsonMutation> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('swap' as const), pick: fc.nat(), to: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('huge' as const),
        pick: fc.nat(),
        size: fc.integer({ min: 1_000, max: 200_000 }),
        unit: fc.constantFrom('A', 'é', '😀', '\\', '"', '\n', 'MILESTONE: x\n', '{'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('unicode' as const), pick: fc.nat(), text: anyText }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('junk' as const),
        pick: fc.nat(),
        depth: fc.integer({ min: 1, max: 3_000 }),
        kind: fc.nat(),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('random' as const),
        pick: fc.nat(),
        value: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('retype' as const),
        name: fc.constantFrom(...typeNames, 'x', ''),
      }),
    },
  );

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('chars' as const),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })), {
        minLength: 1,
        maxLength: 4,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('bits' as const),
      flips: fc.array(fc.tuple(fc.nat(), fc.nat(7)), { minLength: 1, maxLength: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: anyText }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant('number' as const), pick: fc.nat(), literal: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('glue' as const),
      other: fc.constantFrom('{}', '{"type":"result"}', ' ', 'x'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('wrap' as const),
      before: fc.constantFrom('', ' ', '\ufeff', '\t', 'data: ', '\u001b[31m'),
      after: fc.constantFrom('', ' ', '\r', '\u0000', ',', '}'),
    }),
  },
);

/** Lines that are not what a CLI prints at all. */
const foreignLine: fc.Arbitrary<string> = fc.oneof(
  anyText,
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '[]',
    'null',
    '"x"',
    '{"type":',
    '{"type":null}',
    'Error: boom',
    '\u0000',
  ),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc
    .dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 })
    .map((o) => JSON.stringify(o)),
);

/** One stdout line: real, mutated as JSON, mutated as text, typed like the CLI's own lines, or foreign. */
export function lineArbitrary(corpus: Corpus): fc.Arbitrary<string> {
  const real = fc.constantFrom(...corpus.lines);
  const object = fc.constantFrom(...corpus.objects);
  const typed = fc
    .record({
      type: fc.constantFrom(...corpus.typeNames),
      subtype: fc.option(fc.constantFrom(...corpus.typeNames), { nil: undefined }),
      rest: fc.dictionary(
        fc.constantFrom(
          'message',
          'item',
          'content',
          'role',
          'delta',
          'tool_id',
          'id',
          'text',
          'status',
          'error',
          'usage',
          'stats',
        ),
        fc.jsonValue({ maxDepth: 3 }),
        { maxKeys: 5 },
      ),
    })
    .map(({ type, subtype, rest }) => JSON.stringify({ ...rest, type, ...(subtype ? { subtype } : {}) }));
  return fc.oneof(
    { weight: 2, arbitrary: real },
    {
      weight: 6,
      arbitrary: fc.tuple(object, jsonMutation(corpus.typeNames)).map(([o, m]) => mutateJson(o, m)),
    },
    { weight: 4, arbitrary: fc.tuple(real, textMutation).map(([l, m]) => mutateText(l, m)) },
    { weight: 2, arbitrary: typed },
    { weight: 2, arbitrary: foreignLine },
  );
}

/** A run of lines: loose lines, or a real recording with some lines mutated, dropped or inserted. */
export function runArbitrary(corpus: Corpus): fc.Arbitrary<string[]> {
  const line = lineArbitrary(corpus);
  const loose = fc.array(line, { minLength: 1, maxLength: 40 });
  const recorded = fc
    .tuple(fc.constantFrom(...corpus.files), fc.array(fc.tuple(fc.nat(), fc.nat(2), line), { maxLength: 6 }))
    .map(([file, edits]) => {
      const lines = [...file];
      for (const [at, kind, replacement] of edits) {
        const i = at % (lines.length + 1);
        if (kind === 0) lines.splice(i, 0, replacement);
        else if (kind === 1 && lines.length > 1) lines.splice(i % lines.length, 1);
        else lines[i % lines.length] = replacement;
      }
      return lines;
    });
  return fc.oneof({ weight: 3, arbitrary: loose }, { weight: 2, arbitrary: recorded });
}
