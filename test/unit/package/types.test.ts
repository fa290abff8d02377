import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumer, packTarball, repoRoot, type Consumer } from '../../support/packedPackage';

/**
 * The packed package's declarations as a TypeScript app resolves them: small consumer files
 * type-checked by `tsc` under each `moduleResolution` an ESM app uses, with `skipLibCheck:
 * false` (so chatwire's own .d.ts files are checked too), offline against the tarball.
 */
const run = promisify(execFile);
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

/** What an app of each kind writes; `@ts-expect-error` lines must be errors, anything else must not be. */
const files = {
  'app.tsx': `
import { ChatProvider, ChatWidget, useChat, useMessage, useMessageIds, ChatwireError, type ChatMessage, type MessagePart } from 'chatwire';
import 'chatwire/styles.css';

function Line({ id }: { id: string }) {
  const message: ChatMessage | undefined = useMessage(id);
  const text = message?.parts.map((part: MessagePart) => (part.type === 'text' ? part.text : '')).join('');
  return <p>{text}</p>;
}
function Chat() {
  const ids = useMessageIds();
  const { send, phase, error } = useChat();
  const failed: boolean = error instanceof ChatwireError;
  return <main data-failed={failed}>{ids.map((id) => <Line key={id} id={id} />)}<button onClick={() => void send('hi')}>{phase}</button></main>;
}
export const page = (
  <>
    <ChatProvider endpoint="/api/chat"><Chat /></ChatProvider>
    <ChatWidget endpoint="/api/chat" placeholder="Ask" />
  </>
);
// @ts-expect-error endpoint is a string
export const wrong = <ChatWidget endpoint={42} />;
`,
  'core.ts': `
import { decodeChatStream, chatReducer, initialChatState, ChatwireError, type ChatEvent } from 'chatwire/core';
import { ChatwireError as RootChatwireError } from 'chatwire';

export async function read(response: Response): Promise<string> {
  let text = '';
  let state = initialChatState;
  for await (const event of decodeChatStream(response.body!, { protocol: 'anthropic' })) {
    const e: ChatEvent = event;
    state = chatReducer(state, e);
    if (e.type === 'text-delta') text += e.delta;
  }
  return text + state.phase;
}
// One class whichever entry it is imported from.
export const same: typeof ChatwireError = RootChatwireError;
// @ts-expect-error not a wire format
decodeChatStream(new Response('').body!, { protocol: 'smoke-signals' });
`,
  'server.ts': `
import { createServer } from 'node:http';
import { createChatHandler, createMemoryStore, createMockModel, toNodeHandler } from 'chatwire/server';

const handler = createChatHandler({ model: createMockModel(), store: createMemoryStore() });
createServer(toNodeHandler(handler)).listen(0, '127.0.0.1');
export const answer: Promise<Response> = handler(new Request('http://127.0.0.1/api/chat'));
// @ts-expect-error a model is a model, not a number
createChatHandler({ model: 123 });
`,
};

const modes = [
  { moduleResolution: 'bundler', module: 'esnext' },
  { moduleResolution: 'node16', module: 'node16' },
  { moduleResolution: 'nodenext', module: 'nodenext' },
] as const;

function tsconfig(options: { moduleResolution: string; module: string; skipLibCheck?: boolean; types?: string[]; files: string[] }): string {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      skipLibCheck: options.skipLibCheck ?? false,
      module: options.module,
      moduleResolution: options.moduleResolution,
      target: 'es2022',
      lib: ['es2023', 'dom', 'dom.iterable'],
      jsx: 'react-jsx',
      types: options.types ?? ['node'],
      // TypeScript 6's default: `import 'chatwire/styles.css'` must resolve to a declaration.
      noUncheckedSideEffectImports: true,
    },
    files: options.files,
  });
}

/** Runs tsc on a tsconfig of the app; resolves to its diagnostics ('' when clean). */
async function check(consumer: Consumer, config: string): Promise<string> {
  try {
    await run(process.execPath, [tsc, '-p', config], { cwd: consumer.dir, encoding: 'utf8' });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

let app: Consumer;
let serverOnly: Consumer;

beforeAll(() => {
  const tarball = packTarball();
  app = createConsumer(tarball, files, { name: 'types' });
  // A server that installed neither React nor ioredis: its types must not need them.
  serverOnly = createConsumer(tarball, { 'server.ts': files['server.ts'], 'core.ts': files['core.ts'].replace(/^import \{ ChatwireError as RootChatwireError \} from 'chatwire';$/m, "const RootChatwireError = ChatwireError;") }, {
    name: 'types-server',
    without: ['react', 'react-dom', '@types/react', '@types/react-dom', 'ioredis', 'react-markdown'],
  });
}, 600_000);

afterAll(() => {
  app?.remove();
  serverOnly?.remove();
});

// One tsc at a time: each keeps a core busy, and other test files run beside this one.
describe('declarations of the packed package', () => {
  it.each(modes)('type-check an app under moduleResolution $moduleResolution, skipLibCheck false', async (mode) => {
    app.write({ [`tsconfig.${mode.moduleResolution}.json`]: tsconfig({ ...mode, files: Object.keys(files) }) });
    expect(await check(app, `tsconfig.${mode.moduleResolution}.json`)).toBe('');
  }, 300_000);

  it('the wrong option stays an error with skipLibCheck true (the server types are not any)', async () => {
    app.write({
      'wrong.ts': "import { createChatHandler } from 'chatwire/server';\ncreateChatHandler({ model: 123 });\n",
      'tsconfig.skip.json': tsconfig({ moduleResolution: 'nodenext', module: 'nodenext', skipLibCheck: true, files: ['wrong.ts'] }),
    });
    expect(await check(app, 'tsconfig.skip.json')).toMatch(/wrong\.ts\(2,\d+\): error TS2322: Type 'number' is not assignable to type 'ModelSource'/);
  }, 300_000);

  it('a server without React and ioredis type-checks chatwire/server and chatwire/core (nodenext)', async () => {
    serverOnly.write({ 'tsconfig.json': tsconfig({ moduleResolution: 'nodenext', module: 'nodenext', files: ['server.ts', 'core.ts'] }) });
    expect(await check(serverOnly, 'tsconfig.json')).toBe('');
  }, 300_000);

  it('declares each type once: the entries import what they share instead of declaring twins', () => {
    const dist = join(app.packageDir, 'dist');
    const declared = new Map<string, string[]>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.d.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/^(?:export )?(?:declare )?(?:class|interface|type|function|const|enum) (\w+)/gm)) {
            declared.set(m[1] as string, [...(declared.get(m[1] as string) ?? []), path.slice(dist.length + 1)]);
          }
        }
      }
    };
    walk(dist);
    for (const name of ['ChatwireError', 'ChatMessage', 'ChatEvent', 'ChatOptions', 'ChatStore', 'MessagePart']) {
      expect(declared.get(name), name).toHaveLength(1);
    }
  });
});
