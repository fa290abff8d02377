import type { ChatEvent } from '../../../src/core/events';
import type { ChatInput } from '../../../src/core/session/ChatAction';
import { chatReducer } from '../../../src/core/session/chatReducer';
import { initialChatState, type ChatState } from '../../../src/core/session/ChatState';
import { foldMessage, openMessage } from '../../../src/core/session/foldMessage';
import { isActivePhase } from '../../../src/core/session/phases';
import type { ChatMessage, ToolCallPart } from '../../../src/core/session/types';

const call: ChatEvent[] = [
  { type: 'session', conversationId: 'c1', streamId: 's1', messageId: 'a1', seq: 2 },
  { type: 'tool-call-start', toolCallId: 't1', name: 'send_email', seq: 3, at: 100 },
  { type: 'tool-call', toolCallId: 't1', name: 'send_email', args: { to: 'ana@example.com' }, seq: 4, at: 110 },
];
const request: ChatEvent = { type: 'approval-request', toolCallId: 't1', name: 'send_email', args: { to: 'ana@example.com' }, expiresAt: 600_120, seq: 5, at: 120 };
const approve: ChatEvent = { type: 'approval-decision', toolCallId: 't1', approved: true, decidedBy: 'user', seq: 6, at: 200 };
const deny: ChatEvent = { type: 'approval-decision', toolCallId: 't1', approved: false, reason: 'Not Ana', decidedBy: 'user', seq: 6, at: 200 };

function run(events: ChatEvent[]): ChatState {
  const submit: ChatInput = { type: 'user-message', messageId: 'u1', text: 'Send Ana an email', seq: 1 };
  return [submit, ...events].reduce(chatReducer, initialChatState);
}
function part(state: ChatState): ToolCallPart {
  const found = state.messages.flatMap((m) => m.parts).find((p): p is ToolCallPart => p.type === 'tool-call');
  if (!found) throw new Error('no tool call');
  return found;
}

describe('approvals in the one fold and the state machine', () => {
  it('an approval request pauses in awaiting-approval (an active phase, distinct from executing) with the request on the part', () => {
    const s = run([...call, request]);
    expect(s.phase).toBe('awaiting-approval');
    expect(isActivePhase(s.phase)).toBe(true);
    expect(part(s)).toMatchObject({ state: 'awaiting-approval', args: { to: 'ana@example.com' }, approval: { requestedAt: 120, expiresAt: 600_120 } });
    expect(part(s).approval?.approved).toBeUndefined();
  });

  it('approved: called, executing, result, then the model writes again (resuming, generating, complete)', () => {
    const phases: string[] = [];
    let s = run([...call, request]);
    for (const event of [
      approve,
      { type: 'tool-executing', toolCallId: 't1', seq: 7, at: 210 },
      { type: 'tool-result', toolCallId: 't1', result: { sent: true }, seq: 8, at: 300 },
      { type: 'text-delta', delta: 'Email sent to ana@example.com.', seq: 9 },
      { type: 'done', finishReason: 'stop', seq: 10 },
    ] satisfies ChatEvent[]) {
      s = chatReducer(s, event);
      phases.push(s.phase);
    }
    expect(phases).toEqual(['tool-calling', 'executing', 'resuming', 'generating', 'complete']);
    expect(part(s)).toMatchObject({ state: 'result', result: { sent: true }, approval: { approved: true, decidedBy: 'user', decidedAt: 200 } });
  });

  it('denied: the part ends denied and stays so when the denial result (what the model reads) arrives', () => {
    let s = run([...call, request, deny]);
    expect(s.phase).toBe('resuming');
    expect(part(s)).toMatchObject({ state: 'denied', approval: { approved: false, reason: 'Not Ana' } });
    s = chatReducer(s, { type: 'tool-result', toolCallId: 't1', isError: true, result: { message: 'Not run' }, seq: 7, at: 210 });
    expect(part(s)).toMatchObject({ state: 'denied', isError: true, result: { message: 'Not run' }, endedAt: 210 });
    expect(s.phase).toBe('resuming');
  });

  it('one call awaiting approval keeps the phase while another call runs and ends', () => {
    const s = run([
      ...call,
      { type: 'tool-call', toolCallId: 't2', name: 'get_weather', args: {}, seq: 5 },
      { type: 'tool-executing', toolCallId: 't2', seq: 6 },
      { ...request, seq: 7 },
      { type: 'tool-result', toolCallId: 't2', result: 1, seq: 8 },
    ]);
    expect(s.phase).toBe('awaiting-approval');
  });

  it('a replayed request or decision changes nothing, and a late request never reopens a decided call', () => {
    const decided = run([...call, request, deny]);
    expect(chatReducer(decided, request)).toBe(decided);
    expect(chatReducer(decided, { ...deny, approved: true })).toBe(decided);
    const reopened = foldMessage(foldMessage(openMessage('a', 'assistant'), { ...deny, seq: undefined }), { ...request, seq: undefined });
    expect(reopened.parts[0]).toMatchObject({ state: 'denied' });
  });

  it('timed out and stopped decisions say who decided; a stop ends the generation as cancelled after it', () => {
    const timedOut = run([...call, request, { type: 'approval-decision', toolCallId: 't1', approved: false, decidedBy: 'timeout', seq: 6 }]);
    expect(part(timedOut)).toMatchObject({ state: 'denied', approval: { decidedBy: 'timeout' } });
    const stopped = run([...call, request, { type: 'approval-decision', toolCallId: 't1', approved: false, decidedBy: 'stop', seq: 6 }, { type: 'cancelled', reason: 'user', seq: 7 }]);
    expect(stopped.phase).toBe('cancelled');
    expect(part(stopped)).toMatchObject({ state: 'denied', approval: { decidedBy: 'stop' } });
  });

  it('the fold alone (the server history) gives the same message as the reducer', () => {
    const events = [...call, request, deny, { type: 'tool-result', toolCallId: 't1', isError: true, result: 'no', seq: 7 }] satisfies ChatEvent[];
    const byFold = events.slice(1).reduce<ChatMessage>(foldMessage, openMessage('a1', 'assistant'));
    const byReducer = run(events).messages.find((m) => m.id === 'a1');
    expect(byReducer?.parts).toEqual(byFold.parts);
  });
});

describe('page tools in the one fold', () => {
  it('tool-executing with runsOn "page" marks the call; the first claim names its device; only that device can mark it interrupted', () => {
    const page: ChatEvent[] = [
      ...call,
      { type: 'tool-executing', toolCallId: 't1', runsOn: 'page', seq: 5, at: 130 },
      { type: 'tool-claim', toolCallId: 't1', by: 'laptop', seq: 6, at: 140 },
    ];
    const claimed = run(page);
    expect(claimed.phase).toBe('executing');
    expect(part(claimed)).toMatchObject({ state: 'executing', runsOn: 'page', claimedBy: 'laptop', executingAt: 130 });
    expect(part(claimed).interrupted).toBeUndefined();
    const other = run([...page, { type: 'tool-claim', toolCallId: 't1', by: 'phone', seq: 7 }, { type: 'tool-claim', toolCallId: 't1', by: 'phone', interrupted: true, seq: 8 }]);
    expect(part(other)).toMatchObject({ claimedBy: 'laptop' });
    expect(part(other).interrupted).toBeUndefined();
    const interrupted = run([...page, { type: 'tool-claim', toolCallId: 't1', by: 'laptop', interrupted: true, seq: 7 }]);
    expect(part(interrupted)).toMatchObject({ claimedBy: 'laptop', interrupted: true, state: 'executing' });
    // A person's answer, from any device: "rerun" hands the call to its device (not interrupted now); only on an interrupted run.
    const rerun = run([...page, { type: 'tool-claim', toolCallId: 't1', by: 'laptop', interrupted: true, seq: 7 }, { type: 'tool-claim', toolCallId: 't1', by: 'phone', choice: 'rerun', seq: 8 }]);
    expect(part(rerun)).toMatchObject({ claimedBy: 'phone', state: 'executing' });
    expect(part(rerun).interrupted).toBeUndefined();
    expect(rerun.phase).toBe('executing');
    const stray = run([...page, { type: 'tool-claim', toolCallId: 't1', by: 'phone', choice: 'rerun', seq: 7 }]);
    expect(part(stray)).toMatchObject({ claimedBy: 'laptop' });
    const again = run([...page, { type: 'tool-claim', toolCallId: 't1', by: 'laptop', interrupted: true, seq: 7 }, { type: 'tool-claim', toolCallId: 't1', by: 'phone', choice: 'rerun', seq: 8 }, { type: 'tool-claim', toolCallId: 't1', by: 'phone', interrupted: true, seq: 9 }]);
    expect(part(again)).toMatchObject({ claimedBy: 'phone', interrupted: true });
    const done = run([...page, { type: 'tool-result', toolCallId: 't1', result: { time: '9:00' }, seq: 7, at: 150 }]);
    expect(part(done)).toMatchObject({ state: 'result', runsOn: 'page', claimedBy: 'laptop' });
  });
});
