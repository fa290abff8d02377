import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { answerText, lastAnswer, sendPrompt, waitForPhase } from '../../support/chatPage';
import { codeBlocks, docsAppSuite, type DocBlock } from '../../support/docsApp';
import { repoRoot } from '../../support/packedPackage';

/**
 * Tools, approvals, branches as a new user meets them: the code blocks of docs/ (every
 * whole module: tools.md, models.md, branches.md, components.md, ...), with the README's server, dev
 * proxy and page that keeps the conversation in its URL, in an app that installed the packed
 * tarball. The blocks type-check as they are; in Chromium the custom tool card approves, the
 * page tool runs, a hand-made list denies through `useChat`, a row of your own regenerates,
 * switches versions, rates and edits, and a reload and a second tab show a finished
 * conversation with its versions. What it adds to the e2e tests (the demo, built from the
 * sources): the package's own lazy files for decisions, page tools, custom cards and branch
 * actions, loaded by a Vite app, and the docs' code.
 */
const page = (doc: string): DocBlock[] => codeBlocks(readFileSync(join(repoRoot, doc), 'utf8'), doc.replace(/^docs\/|\.md$/g, ''));
// Whole modules only (a block with imports); fragments such as a `components` map entry are prose.
const docBlocks = readdirSync(join(repoRoot, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .flatMap((name) => page(`docs/${name}`))
  .filter((block) => /^import /m.test(block.code));
const readme = codeBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8')).filter((block) => ['server.mjs', 'vite.config.ts', 'ChatPage.tsx'].includes(block.file));

/** The module (without extension) of the block whose code has `marker`. */
function moduleWith(marker: string): string {
  const block = docBlocks.find((candidate) => candidate.code.includes(marker));
  if (!block) throw new Error(`No code block of the docs has ${JSON.stringify(marker)}: the docs changed, update this walk`);
  return `./${block.file.replace(/\.tsx?$/, '')}`;
}

const suite = docsAppSuite('docs-walk', {
  ...Object.fromEntries([...readme, ...docBlocks].map((block) => [block.file, block.code])),
  'index.html': '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>walk</title><div id="root"></div><script type="module" src="/main.tsx"></script>',
  // The app around the blocks: one page per block, and a prompt box for the approvals list.
  'main.tsx': `
import { useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatProvider, useChat, useMessageIds } from 'chatwire';
import { ChatPage } from './ChatPage';
import { PendingApprovals } from '${moduleWith('export function PendingApprovals')}';
import { Chat as PageToolChat } from '${moduleWith('clientTools={[localTime]}')}';
import { Chat as CardChat } from '${moduleWith('toolRenderers={toolRenderers}')}';
import { MessageRow } from '${moduleWith('export function MessageRow')}';

function Ask() {
  const { messages, phase, send } = useChat();
  const [draft, setDraft] = useState('');
  const answer = messages.at(-1)?.role === 'assistant' ? messages.at(-1) : undefined;
  return (
    <form onSubmit={(e) => { e.preventDefault(); void send(draft); setDraft(''); }}>
      <input aria-label="Message" value={draft} onChange={(e) => setDraft(e.target.value)} />
      <output data-phase={phase}>{answer?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('')}</output>
    </form>
  );
}

function Rows() {
  const ids = useMessageIds();
  return <ol aria-label="Messages">{ids.map((id) => <MessageRow key={id} id={id} />)}</ol>;
}

const pages: Record<string, () => ReactNode> = {
  '#branches': () => <ChatProvider endpoint="/api/chat"><Rows /><Ask /></ChatProvider>,
  '#card': () => <CardChat />,
  '#page-tool': () => <PageToolChat />,
  '#pending': () => <ChatProvider endpoint="/api/chat"><PendingApprovals /><Ask /></ChatProvider>,
};
createRoot(document.getElementById('root')!).render((pages[location.hash] ?? (() => <ChatPage />))());
`,
});

/** Waits for the user message shown last to read `text` and its version picker `version` ("2 / 2"). */
async function lastPrompt(page: Page, text: string, version: string): Promise<void> {
  const prompt = page.locator('.cw-message[data-role="user"]').last();
  await expect.poll(() => prompt.innerText(), { timeout: 15_000 }).toMatch(new RegExp(`${text}[\\s\\S]*${version}`));
}

describe('walk: tools and branches from the docs, on the packed package', () => {
  it('the code blocks of docs/ (tools, models, branches, components, conversations, redis) type-check against it', async () => {
    expect(docBlocks.filter((block) => block.file.startsWith('tools-'))).toHaveLength(4);
    expect(docBlocks.filter((block) => block.file.startsWith('branches-'))).toHaveLength(1);
    expect(docBlocks.some((block) => block.code.includes('ModelSource'))).toBe(true);
    expect(await suite.typecheck()).toBe('');
  }, 300_000);

  it("docs/tools.md's custom card shows the call awaiting approval; its own button approves it", async () => {
    const { page, errors } = await suite.open('#card');
    await sendPrompt(page, 'Send an email to Ana about the launch');
    const card = page.locator('.cw-tool-custom[data-tool="send_email"]');
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('Email to ana@example.com (awaiting-approval)');
    await card.getByRole('button', { name: 'Send it' }).click();
    await waitForPhase(page, 'complete');
    expect(await card.innerText()).toContain('Sent.');
    expect(await answerText(page)).toContain('Email sent to ana@example.com.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("docs/tools.md's page tool runs in the page and the model answers with its result", async () => {
    const { page, errors } = await suite.open('#page-tool');
    await sendPrompt(page, 'What time is it here?');
    await waitForPhase(page, 'complete');
    expect(await lastAnswer(page).locator('[data-tool="get_local_time"]').getAttribute('data-state')).toBe('result');
    expect(await answerText(page)).toMatch(/^Your browser says it is .+\)\.$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("docs/tools.md's PendingApprovals denies through useChat(); the model says it did not send it", async () => {
    const { page, errors } = await suite.open('#pending');
    await page.getByRole('textbox', { name: 'Message' }).fill('Send an email to Bo about the plan');
    await page.keyboard.press('Enter');
    await page.getByRole('listitem').filter({ hasText: 'send_email:' }).getByRole('button', { name: 'Deny' }).click({ timeout: 30_000 });
    await page.locator('output[data-phase="complete"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('output').innerText()).toMatch(/^I did not send the email to bo@example\.com\. .*Reason: Not now\)$/);
    expect(await page.getByRole('listitem').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("docs/branches.md's MessageRow: Regenerate, the versions, a rating and Edit through the hooks", async () => {
    const { page, errors } = await suite.open('#branches');
    const done = page.locator('output[data-phase="complete"]');
    await page.getByRole('textbox', { name: 'Message' }).fill('hello');
    await page.keyboard.press('Enter');
    await done.waitFor({ timeout: 30_000 });
    const answer = page.locator('li.assistant').last();
    const first = await answer.locator('p').innerText();
    await answer.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => answer.innerText(), { timeout: 15_000 }).toMatch(/^Take 2: [\s\S]*2 \/ 2/);
    await done.waitFor({ timeout: 30_000 });
    await answer.getByRole('button', { name: 'Previous version' }).click();
    await expect.poll(() => answer.locator('p').innerText()).toBe(first);
    expect(await answer.innerText()).toContain('1 / 2');
    await answer.getByRole('button', { name: 'Good response' }).click();
    await expect.poll(() => answer.getByRole('button', { name: 'Good response' }).getAttribute('aria-pressed')).toBe('true');

    const prompt = page.locator('li.user').last();
    await prompt.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('hi there');
    await prompt.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => prompt.innerText(), { timeout: 15_000 }).toMatch(/^hi there[\s\S]*2 \/ 2/);
    await done.waitFor({ timeout: 30_000 });
    expect(await page.locator('li.assistant').last().locator('p').innerText()).toContain('hi there');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the README's ChatPage: a reload and a second tab show the finished conversation, its versions and the one shown", async () => {
    const { page, errors } = await suite.open('');
    await sendPrompt(page, 'hello');
    await waitForPhase(page, 'complete');
    await page.waitForURL((url) => url.searchParams.has('c'));
    const prompt = page.locator('.cw-message[data-role="user"]').last();
    await prompt.hover();
    await prompt.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('textbox', { name: 'Edit message' }).fill('hi there');
    await page.getByRole('button', { name: 'Save' }).click();
    await lastPrompt(page, 'hi there', '2 / 2');
    await waitForPhase(page, 'complete');
    expect(await answerText(page)).toContain('hi there');
    await page.getByRole('button', { name: 'Previous version' }).click();
    await lastPrompt(page, 'hello', '1 / 2');

    await page.reload();
    await lastPrompt(page, 'hello', '1 / 2');
    const shown = await answerText(page);
    expect(shown).toContain('hello');
    const second = await suite.browser.newPage();
    await second.goto(page.url());
    await lastPrompt(second, 'hello', '1 / 2');
    expect(await answerText(second)).toBe(shown);
    expect(errors).toEqual([]);
    await second.close();
    await page.close();
  });
});
