import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const root = process.argv[2];
const entry = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatProvider, useChat, useMessage, useMessageIds } from '${root}/src/index.ts';
function Line({ id }) { const message = useMessage(id); return h('p', null, message ? message.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') : ''); }
function Chat() { const ids = useMessageIds(); const { send, stop, phase } = useChat(); return h('main', null, ids.map((id) => h(Line, { key: id, id })), h('button', { onClick: () => send('hi') }, 'Send'), h('button', { onClick: stop }, phase)); }
createRoot(document.getElementById('root')).render(h(ChatProvider, { endpoint: '/api/chat' }, h(Chat)));
`;
const r = await build({ stdin: { contents: entry, resolveDir: root, loader: 'js' }, bundle: true, splitting: true, format: 'esm', outdir: '/tmp/treebundle/out-' + process.argv[3], minify: true, write: false, platform: 'browser', target: 'es2022', external: ['react', 'react-dom', 'react/*', 'react-dom/*', 'shiki', 'shiki/*'], define: { 'process.env.NODE_ENV': '"production"' }, metafile: true, logLevel: 'error' });
const entryOut = r.outputFiles.find((f) => f.path.endsWith('stdin.js'));
const meta = r.metafile.outputs;
const initial = new Set();
const visit = (p) => { const key = Object.keys(meta).find((k) => p.endsWith(k.replace(/^.*out-[^/]+\//, ''))); if (!key || initial.has(key)) return; initial.add(key); for (const i of meta[key].imports) if (i.kind === 'import-statement') visit(i.path); };
visit(entryOut.path);
let total = 0;
for (const f of r.outputFiles) { const k = Object.keys(meta).find((k) => f.path.endsWith(k.replace(/^.*out-[^/]+\//, ''))); if (initial.has(k)) total += gzipSync(f.contents, { level: 9 }).length; }
console.log(process.argv[3], 'initial gzip', total, 'files', initial.size);
const out = Object.values(meta).find((o) => o.entryPoint);
const rows = Object.entries(out.inputs).map(([k, v]) => [k.replace(/^.*?src\//, 'src/'), v.bytesInOutput]).sort((a, b) => b[1] - a[1]);
import('node:fs').then((fs) => fs.writeFileSync(`/work/wt/tree/.tmpbundle/${process.argv[3]}.json`, JSON.stringify(Object.fromEntries(rows), null, 1)));
