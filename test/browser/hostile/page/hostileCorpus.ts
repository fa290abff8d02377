/** One piece of hostile model output, and how it is streamed. */
export interface HostileSample {
  name: string;
  text: string;
  /** Characters per streamed update. */
  chunk: number;
  /** Text that must be on screen once rendering completes. */
  sentinel: string;
}

/** Calls the page's tripwire: any payload that runs calls this (or opens a dialog). */
const run = (tag: string) => `window.__hostile&&window.__hostile('${tag}');alert('${tag}')`;

const html = [
  `Raw <script>${run('script-inline')}</script> in a sentence.`,
  `<script>${run('script-block')}</script>`,
  `<img src="x" onerror="${run('img-onerror')}"> and <IMG SRC=x OnErRoR=${run('img-onerror-caps')}>`,
  `<iframe src="javascript:${run('iframe-src')}"></iframe>`,
  `<iframe srcdoc="<script>parent.${run('iframe-srcdoc')}</script>"></iframe>`,
  `<svg onload="${run('svg-onload')}"><circle r="4"/></svg>`,
  `<svg><script>${run('svg-script')}</script></svg>`,
  `<math><mi xlink:href="javascript:${run('math-xlink')}">x</mi></math>`,
  `<a href="javascript:${run('html-a')}">html link</a> <form action="javascript:${run('form')}"><button>go</button></form>`,
  `<details open ontoggle="${run('details-ontoggle')}">x</details> <body onload="${run('body-onload')}">`,
  `<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object><embed src="javascript:${run('embed')}">`,
  `<style>@import 'javascript:${run('style')}';</style><base href="javascript:${run('base')}//">`,
  '<!-- <img src=x onerror=alert(1)> --> <![CDATA[<script>alert(1)</script>]]>',
].join('\n\n');

const links = [
  `[plain js](javascript:${run('link-js')})`,
  `[caps](JAVASCRIPT:${run('link-caps')})`,
  `[mixed](jAvAsCrIpT:${run('link-mixed')})`,
  `[decimal entity](&#106;avascript:${run('link-dec')})`,
  `[hex entity](&#x6A;&#x61;&#x76;&#x61;script:${run('link-hex')})`,
  `[colon entity](javascript&#58;${run('link-colon')})`,
  `[named colon](javascript&colon;${run('link-named-colon')})`,
  `[leading spaces](   javascript:${run('link-spaces')})`,
  `[angle](<javascript:${run('link-angle')}>)`,
  `[angle tab](<java\tscript:${run('link-tab')}>)`,
  `[newline entity](java&#10;script:${run('link-nl')})`,
  `[vbscript](vbscript:msgbox("x"))`,
  `[VBScript](VbScRiPt:msgbox("x"))`,
  '[data html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[data entity](&#100;ata:text/html,<script>alert(1)</script>)',
  `<javascript:${run('autolink')}>`,
  `[reference][evil] and [collapsed evil][]`,
  '',
  `[evil]: javascript:${run('reference')}`,
  `[collapsed evil]: data:text/html,<script>alert(1)</script>`,
].join('\n');

const images = [
  `![js image](javascript:${run('img-js')})`,
  '![svg data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+)',
  `![spaced](  JaVaScRiPt:${run('img-spaced')})`,
  '![vb](vbscript:msgbox(1))',
  '![entity data](&#100;&#97;ta:image/png;base64,AAAA)',
  `[![nested](https://example.com/a.png)](javascript:${run('nested')})`,
].join('\n\n');

const entities = [
  '&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &#x3C;svg onload=alert(1)&#x3E;',
  '&amp;lt;b&amp;gt; &nbsp;&copy;&#0;&#xFFFFFF;&#xD800;&unknown; &#X6A;avascript:alert(1)',
  '`<script>alert(1)</script>` and **<img src=x onerror=alert(1)>** and _&lt;b onmouseover=alert(1)&gt;_',
].join('\n\n');

const code = [
  '```html',
  `<script>${run('code-html')}</script>`,
  `<img src=x onerror="${run('code-img')}">`,
  '```',
  '',
  '```js',
  `document.body.innerHTML = '<img src=x onerror=${run('code-js')}>';`,
  '```',
].join('\n');

/** A 1 MB paragraph without a line break, with inline syntax and payloads spread through it. */
function megabyteLine(): string {
  const unit = `alpha **beta** gamma [delta](https://example.com/d) epsilon \`zeta\` <b onclick=${run('long-line')}>eta</b> `;
  return `${unit.repeat(Math.ceil(1_000_000 / unit.length)).slice(0, 1_000_000)} END-OF-LINE`;
}

/** A 5,000-row table with a payload in some cells. */
function bigTable(): string {
  const rows = Array.from({ length: 5000 }, (_, i) =>
    i % 500 === 0 ? `| ${i} | [x](javascript:${run('table')}) | <img src=x onerror=${run('table-img')}> |` : `| ${i} | value ${i * 7} | **bold ${i}** |`,
  );
  return `| # | value | note |\n|---|---:|---|\n${rows.join('\n')}\n| END-OF-TABLE | 0 | 0 |\n`;
}

/** An unclosed fence of 200 kB: the code block never ends. */
function openFence(): string {
  const line = `const value = '<img src=x onerror=${run('fence')}>'; // padding padding\n`;
  return `\`\`\`js\n${line.repeat(Math.ceil(200_000 / line.length))}// END-OF-FENCE\n`;
}

/**
 * The corpus: raw HTML (`<script>`, `<img onerror>`, `<iframe>`, `<svg onload>`...),
 * `javascript:` / `data:` / `vbscript:` links and images (also obfuscated), entities,
 * code that contains markup, and three huge inputs.
 */
export function hostileCorpus(): HostileSample[] {
  return [
    { name: 'raw html', text: `${html}\n\nEND-OF-HTML\n`, chunk: 3, sentinel: 'END-OF-HTML' },
    { name: 'links', text: `${links}\n\nEND-OF-LINKS\n`, chunk: 3, sentinel: 'END-OF-LINKS' },
    { name: 'images', text: `${images}\n\nEND-OF-IMAGES\n`, chunk: 3, sentinel: 'END-OF-IMAGES' },
    { name: 'entities', text: `${entities}\n\nEND-OF-ENTITIES\n`, chunk: 3, sentinel: 'END-OF-ENTITIES' },
    { name: 'code with markup', text: `${code}\n\nEND-OF-CODE\n`, chunk: 3, sentinel: 'END-OF-CODE' },
    { name: '1 MB single line', text: megabyteLine(), chunk: 50_000, sentinel: 'END-OF-LINE' },
    { name: '5,000-row table', text: bigTable(), chunk: 5_000, sentinel: 'END-OF-TABLE' },
    { name: '200 kB unclosed fence', text: openFence(), chunk: 5_000, sentinel: 'END-OF-FENCE' },
  ];
}
