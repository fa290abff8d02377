import {
  answerText,
  conversationIdOf,
  lastAnswer,
  phaseOf,
  sendPrompt,
  waitForAnswerLength,
  waitForPhase,
} from '../../support/chatPage';
import { demoSuite } from '../../support/demoSuite';

const FIRST = 'Write something long about forests';
const SECOND = 'Write something long about meadows';

const TAB_PROMPT = 'Write something long about rivers and tabs';

describe('e2e: another device, and another tab, follow the conversation live', () => {
  const e2e = demoSuite({ mock: { delayMs: 4 } });

  it('shows the answer in flight and a new prompt sent from the first device, live', async () => {
    const laptop = await e2e.newContext();
    const phone = await e2e.newContext();
    const onLaptop = await e2e.open(laptop);
    await sendPrompt(onLaptop, FIRST);
    const conversationId = await conversationIdOf(onLaptop);
    await waitForAnswerLength(onLaptop, 200);

    // The phone signs in as the same demo user with the page's "another device" link.
    const link = await onLaptop.getByRole('textbox', { name: /another device/ }).inputValue();
    expect(link).toContain('/demo/sign-in?');
    const onPhone = await e2e.open(link, phone);
    expect(new URL(onPhone.url()).searchParams.get('c')).toBe(conversationId);

    // The answer in flight: replayed, then live on the phone while the laptop writes it.
    await waitForAnswerLength(onPhone, 200, 10_000);
    expect(await phaseOf(onLaptop)).toBe('generating');
    expect(await lastAnswer(onPhone).getAttribute('data-live')).toBe('true');
    await waitForPhase(onLaptop, 'complete', 60_000);
    await waitForPhase(onPhone, 'complete', 10_000);
    expect(await answerText(onPhone)).toBe(await answerText(onLaptop));

    // A new prompt from the laptop appears on the phone, and its answer streams there live.
    await sendPrompt(onLaptop, SECOND);
    await onPhone.locator('.cw-message[data-role="user"]', { hasText: SECOND }).waitFor({ timeout: 10_000 });
    await onPhone.locator('.cw-message[data-role="assistant"]').nth(1).waitFor({ timeout: 10_000 });
    await waitForAnswerLength(onPhone, 200, 10_000);
    // ...while the laptop is still receiving it.
    expect(await phaseOf(onLaptop)).toBe('generating');
    expect(await lastAnswer(onPhone).getAttribute('data-live')).toBe('true');
    await waitForPhase(onLaptop, 'complete', 60_000);
    await waitForPhase(onPhone, 'complete', 10_000);
    expect(await answerText(onPhone)).toBe(await answerText(onLaptop));
    expect(await onPhone.locator('.cw-message[data-role="user"]').count()).toBe(2);
    expect(await onPhone.locator('.cw-message[data-role="assistant"]').count()).toBe(2);
  });

  it('"Open in another tab" opens a tab that shows the answer in flight, live, to the same end', async () => {
    const context = await e2e.newContext();
    const first = await e2e.open(context);
    await sendPrompt(first, TAB_PROMPT);
    const conversationId = await conversationIdOf(first);
    await waitForAnswerLength(first, 200);

    const opened = context.waitForEvent('page');
    await first.getByRole('link', { name: 'Open in another tab' }).click();
    const second = await opened;
    await second.waitForLoadState();
    expect(new URL(second.url()).searchParams.get('c')).toBe(conversationId);

    await waitForAnswerLength(second, 200, 10_000);
    expect(await phaseOf(first)).toBe('generating');
    expect(await lastAnswer(second).getAttribute('data-live')).toBe('true');
    await waitForPhase(first, 'complete', 60_000);
    await waitForPhase(second, 'complete', 10_000);
    expect(await answerText(second)).toBe(await answerText(first));
    expect(await second.locator('.cw-message[data-role="assistant"]').count()).toBe(1);
  });
});
