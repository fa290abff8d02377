#!/usr/bin/env node
// `npm run demo`: builds the demo page with Vite, then serves it and the chat API from one
// node:http server on 127.0.0.1 (PORT, default 5173). TypeScript is loaded with tsx.
// CHATWIRE_DEMO_OUT_DIR builds the page elsewhere than demo/dist (the e2e test of this runner).
import { createServer } from 'node:net';
import { tsImport } from 'tsx/esm/api';

const host = '127.0.0.1';
const rawPort = process.env.PORT ?? '5173';
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be an integer from 0 to 65535; received "${rawPort}". Example: PORT=8080 npm run demo`);
  process.exit(1);
}

/** Resolves to the error code when the port cannot be bound, `null` when it is free. */
function probePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error) => resolve(error.code ?? String(error)));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

function portBusyMessage(code) {
  return code === 'EADDRINUSE'
    ? `Port ${port} on ${host} is already in use. Stop the program using it, or pick another port: PORT=${port + 1} npm run demo`
    : `Cannot listen on ${host}:${port} (${code}). Pick another port: PORT=8080 npm run demo`;
}

const busy = await probePort();
if (busy) {
  console.error(portBusyMessage(busy));
  process.exit(1);
}

console.log('Building the demo page with Vite...');
const { buildDemo } = await tsImport('./build.ts', import.meta.url);
const { outDir } = await buildDemo(process.env.CHATWIRE_DEMO_OUT_DIR ? { outDir: process.env.CHATWIRE_DEMO_OUT_DIR } : {});

const { startDemoServer } = await tsImport('./server.ts', import.meta.url);
let demo;
try {
  demo = await startDemoServer({ port, host, staticDir: outDir });
} catch (error) {
  console.error(error && error.code ? portBusyMessage(error.code) : error);
  process.exit(1);
}

console.log(`\n  chatwire demo: ${demo.url}`);
console.log(`  model: ${demo.model.name}${demo.model.name.startsWith('mock') ? ' (set OPENAI_API_KEY or ANTHROPIC_API_KEY for a real one)' : ''}`);
console.log('  Ctrl+C to stop.\n');

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    demo.close().then(() => process.exit(0));
  });
}
