import type { ToolClaimEvent, ToolResultEvent } from '../../core/events';
import type { ConversationStore } from '../store/ConversationStore';
import { clientChoiceKey, clientClaimKey, clientInterruptedKey, clientResultKey, clientToolKey } from './approvalGate';
import type { HandlerContext } from './HandlerContext';
import { HttpError } from './HttpError';
import { readJsonBody } from './readJsonBody';
import { jsonResponse } from './sseResponse';
import { ID_PATTERN } from './validateStartBody';

/**
 * How many times a person may choose to run one interrupted call again (each choice needs
 * a run that a reload cut short first); after that only a report is taken.
 */
export const MAX_TOOL_RERUNS = 16;

/** The claim route's store: one with `appendOnce` and `readOnce`. */
type OnceStore = ConversationStore & Required<Pick<ConversationStore, 'appendOnce' | 'readOnce'>>;

/** The claim body's fields, checked. */
interface ClaimBody {
  device: string;
  interrupted: boolean;
  choice: 'rerun' | 'report' | undefined;
}

/**
 * `POST {base}/{id}/tool-calls/{toolCallId}/claim` with `{ device: string }`: a page takes a
 * call of a tool it declared (`clientTools`) to run it, before it runs it. Appended once
 * (`appendOnce`), so of two devices (or replicas) exactly one claim is written: 200
 * `{ claim: { by }, seq }` to the claimant, which runs the call; 409 `claim_exists` with
 * the first `claim` to any other, which does not. 409 `result_exists` when the call has its
 * result; 404 `tool_call_not_found` when no such call waits for the page. With
 * `interrupted: true`, the device running the call notes that a reload cut its run short
 * (see `markInterrupted`); with `choice`, any device of the user answers such a call (see
 * `choose`). Same authorization, origin and body checks as every route.
 */
export async function toolClaimRoute(ctx: HandlerContext, request: Request, conversationId: string, toolCallId: string): Promise<Response> {
  await ctx.requireOwner(conversationId, await ctx.authenticate(request));
  if (!ID_PATTERN.test(toolCallId)) {
    throw new HttpError(400, 'invalid_request', `The tool call id in the path is malformed: ${JSON.stringify(toolCallId.slice(0, 60))} (1-128 letters, digits, _ - . :).`, 'toolCallId');
  }
  const body = readClaimBody(await readJsonBody(request, ctx.body));
  const { db } = ctx;
  const active = await db.getActiveStream(conversationId);
  const waiting = active && db.readOnce ? await db.readOnce(conversationId, clientToolKey(active.streamId, toolCallId)) : null;
  if (!active || !waiting || !db.appendOnce || !db.readOnce) {
    throw new HttpError(404, 'tool_call_not_found', `No call "${toolCallId}" of a page's tool waits to be run in conversation "${conversationId}" (its answer ended, or it is no page tool's call).`, 'toolCallId');
  }
  if (await db.readOnce(conversationId, clientResultKey(active.streamId, toolCallId))) {
    throw new HttpError(409, 'result_exists', `Tool call "${toolCallId}" has its result already; there is nothing to run.`);
  }
  const call = { ctx, db: db as OnceStore, conversationId, streamId: active.streamId, toolCallId };
  if (body.interrupted) return markInterrupted(call, body.device);
  if (body.choice) return choose(call, body.device, body.choice);
  const event: ToolClaimEvent = { type: 'tool-claim', toolCallId, by: body.device, at: ctx.now() };
  const written = await call.db.appendOnce(conversationId, clientClaimKey(active.streamId, toolCallId), event);
  if (!written.appended) {
    const first = written.first.event as ToolClaimEvent;
    throw new HttpError(409, 'claim_exists', `Tool call "${toolCallId}" is claimed by ${first.by === body.device ? 'this device' : 'another device'} already; the first claim stands.`, undefined, undefined, { claim: { by: first.by } });
  }
  return jsonResponse({ claim: { by: body.device }, seq: written.seq });
}

function readClaimBody(body: unknown): ClaimBody {
  const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { device?: unknown; interrupted?: unknown; choice?: unknown }) : {};
  if (typeof fields.device !== 'string' || !ID_PATTERN.test(fields.device)) {
    throw new HttpError(400, 'invalid_request', `The claim body must be {"device":"<the page's device id>"} (1-128 letters, digits, _ - . :); received ${JSON.stringify(body)?.slice(0, 60) ?? typeof body}.`, 'device');
  }
  const { choice } = fields;
  if (choice !== undefined && choice !== 'rerun' && choice !== 'report') {
    throw new HttpError(400, 'invalid_request', `choice must be "rerun" or "report"; received ${JSON.stringify(choice)?.slice(0, 60)}.`, 'choice');
  }
  return { device: fields.device, interrupted: fields.interrupted === true, choice };
}

/** One waiting call of a page tool, in the store of the generation that waits for it. */
interface WaitingCall {
  ctx: HandlerContext;
  db: OnceStore;
  conversationId: string;
  streamId: string;
  toolCallId: string;
}

/**
 * The call's current run, from its log: `attempt` is how many times a person chose to run
 * it again (0: the first claimant's run), `by` the device that runs it now, `reported` when
 * the last choice was a report.
 */
async function currentRun({ db, conversationId, streamId, toolCallId }: WaitingCall): Promise<{ attempt: number; by: string | undefined; reported: boolean }> {
  let by = ((await db.readOnce(conversationId, clientClaimKey(streamId, toolCallId)))?.event as ToolClaimEvent | undefined)?.by;
  for (let attempt = 0; attempt < MAX_TOOL_RERUNS; attempt++) {
    const chosen = (await db.readOnce(conversationId, clientChoiceKey(streamId, toolCallId, attempt)))?.event as ToolClaimEvent | undefined;
    if (!chosen) return { attempt, by, reported: false };
    if (chosen.choice !== 'rerun') return { attempt, by, reported: true };
    by = chosen.by;
  }
  return { attempt: MAX_TOOL_RERUNS, by, reported: false };
}

/**
 * `{ device, interrupted: true }`: the device that runs the call says a reload cut its run
 * short and its user is asked (`onReload: 'ask'`). Only that device may; written once per
 * run (200 `{ seq }`, or 200 `{ seq }` of the first note when it is written already).
 */
async function markInterrupted(call: WaitingCall, device: string): Promise<Response> {
  const { by, attempt } = await currentRun(call);
  if (by !== device) {
    throw new HttpError(409, 'claim_exists', `Only the device that runs tool call "${call.toolCallId}" can say its run was interrupted; ${by === undefined ? 'nobody has claimed it' : 'another device runs it'}.`, undefined, undefined, by === undefined ? undefined : { claim: { by } });
  }
  const event: ToolClaimEvent = { type: 'tool-claim', toolCallId: call.toolCallId, by: device, interrupted: true, at: call.ctx.now() };
  const written = await call.db.appendOnce(call.conversationId, clientInterruptedKey(call.streamId, call.toolCallId, attempt), event);
  return jsonResponse({ seq: written.appended ? written.seq : written.first.seq });
}

/**
 * `{ device, choice }`: the user's answer on a call whose run a reload interrupted, from any
 * of the user's devices (the claimant's, or another when that one is gone). Exactly one
 * choice per interrupted run is written (`appendOnce`): `'rerun'` makes `device` the one
 * that runs the call now (200 `{ claim: { by }, seq }`; it runs it and posts the result);
 * `'report'` writes the call's error result here, which the model reads (200 `{ seq }`).
 * 409 `choice_exists` with the first `choice` to any later answer; 409 `not_interrupted`
 * (with the `claim`) while the call runs or nobody noted it interrupted; 409
 * `rerun_limit` after {@link MAX_TOOL_RERUNS} runs again (a report is still taken).
 */
async function choose(call: WaitingCall, device: string, choice: 'rerun' | 'report'): Promise<Response> {
  const { db, conversationId, streamId, toolCallId, ctx } = call;
  const { attempt, by, reported } = await currentRun(call);
  if (reported || !(await db.readOnce(conversationId, clientInterruptedKey(streamId, toolCallId, attempt)))) {
    throw new HttpError(409, 'not_interrupted', `Tool call "${toolCallId}" does not wait for a choice: its run was not interrupted${by === undefined ? '' : ' (a device runs it)'}.`, undefined, undefined, by === undefined ? undefined : { claim: { by } });
  }
  if (choice === 'rerun' && attempt >= MAX_TOOL_RERUNS) {
    throw new HttpError(409, 'rerun_limit', `Tool call "${toolCallId}" was run again ${attempt} times already; report it as interrupted instead.`);
  }
  const event: ToolClaimEvent = { type: 'tool-claim', toolCallId, by: device, choice, at: ctx.now() };
  const written = await db.appendOnce(conversationId, clientChoiceKey(streamId, toolCallId, attempt), event);
  const first = written.appended ? event : (written.first.event as ToolClaimEvent);
  // A report is the call's result: written here (once), so no page has to live to post it.
  const result = first.choice === 'report' ? await db.appendOnce(conversationId, clientResultKey(streamId, toolCallId), interruptedResult(toolCallId, ctx.now())) : null;
  if (!written.appended) {
    throw new HttpError(409, 'choice_exists', `Tool call "${toolCallId}" was answered already (${first.choice === 'rerun' ? 'run again' : 'reported as interrupted'}); the first choice stands.`, undefined, undefined, { choice: { by: first.by, choice: first.choice } });
  }
  if (choice === 'rerun') return jsonResponse({ claim: { by: device }, seq: written.seq });
  return jsonResponse({ seq: result?.appended ? result.seq : written.seq });
}

/** The error result of a call reported as interrupted, which the model reads. */
function interruptedResult(toolCallId: string, at: number): ToolResultEvent {
  return { type: 'tool-result', toolCallId, isError: true, result: { message: 'The run of this call in the page was interrupted by a reload, and the user chose not to run it again.' }, at };
}
