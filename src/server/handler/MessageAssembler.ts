import type { ChatEvent } from '../../core/events';
import type { ChatMessage, MessagePart, ToolCallPart } from '../../core/session/types';

/**
 * Builds the assistant message of one generation from its events, for the history and for
 * the model's next step (tool calls with their results). Partial answers stay as they are.
 */
export class MessageAssembler {
  private readonly parts: MessagePart[] = [];
  private finishReason: string | undefined;
  private usage: ChatMessage['usage'];

  constructor(
    private readonly id: string,
    private readonly createdAt: number,
  ) {}

  /** Applies one event of the generation. */
  apply(event: ChatEvent): void {
    switch (event.type) {
      case 'text-delta':
      case 'reasoning-delta': {
        const kind = event.type === 'text-delta' ? 'text' : 'reasoning';
        const last = this.parts[this.parts.length - 1];
        if (last && last.type === kind) last.text += event.delta;
        else this.parts.push({ type: kind, text: event.delta });
        break;
      }
      case 'status':
        this.parts.push({ type: 'status', text: event.text });
        break;
      case 'citations':
        this.parts.push({ type: 'citations', citations: event.citations });
        break;
      case 'tool-call-start':
        this.tool(event.toolCallId, event.name);
        break;
      case 'tool-call-delta':
        this.tool(event.toolCallId).argsText += event.argsDelta;
        break;
      case 'tool-call': {
        const part = this.tool(event.toolCallId, event.name);
        part.args = event.args;
        if (part.argsText === '') part.argsText = JSON.stringify(event.args) ?? '';
        part.state = 'called';
        break;
      }
      case 'tool-executing':
        this.tool(event.toolCallId).state = 'executing';
        break;
      case 'tool-result': {
        const part = this.tool(event.toolCallId);
        part.result = event.result;
        part.isError = event.isError === true;
        part.state = event.isError ? 'error' : 'result';
        break;
      }
      case 'done':
        this.finishReason = event.finishReason ?? 'stop';
        this.usage = event.usage;
        break;
      case 'error':
        this.parts.push({
          type: 'error',
          message: event.message,
          ...(event.code !== undefined ? { code: event.code } : {}),
          ...(event.retryable !== undefined ? { retryable: event.retryable } : {}),
          ...(event.status !== undefined ? { status: event.status } : {}),
        });
        if (event.fatal !== false) this.finishReason = 'error';
        break;
      case 'cancelled':
        this.finishReason = 'cancelled';
        break;
      default:
        break;
    }
  }

  /**
   * The message so far: a JSON copy (what the wire carries; later events do not change
   * it), so the history holds exactly what clients saw live.
   */
  message(): ChatMessage {
    const message: ChatMessage = {
      id: this.id,
      role: 'assistant',
      parts: JSON.parse(JSON.stringify(this.parts)) as MessagePart[],
      createdAt: this.createdAt,
    };
    if (this.finishReason !== undefined) message.finishReason = this.finishReason;
    if (this.usage !== undefined) message.usage = this.usage;
    return message;
  }

  /** Tool calls of the latest step that are called but have no result yet. */
  pendingToolCalls(): ToolCallPart[] {
    return this.parts.filter((p): p is ToolCallPart => p.type === 'tool-call' && p.state === 'called');
  }

  private tool(toolCallId: string, name?: string): ToolCallPart {
    let part = this.parts.find((p): p is ToolCallPart => p.type === 'tool-call' && p.toolCallId === toolCallId);
    if (!part) {
      part = { type: 'tool-call', toolCallId, name: name ?? 'unknown', argsText: '', state: 'streaming-args' };
      this.parts.push(part);
    } else if (name !== undefined) {
      part.name = name;
    }
    return part;
  }
}
