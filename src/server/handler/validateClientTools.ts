import type { ToolDefinition } from '../types';
import { HttpError } from './HttpError';

/** Most tools one start request may declare for the page to run. */
export const MAX_CLIENT_TOOLS = 16;
/** Longest JSON of one client tool's `parameters` schema, in characters. */
const MAX_SCHEMA_CHARS = 8_000;
const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The `clientTools` of a start body (`[{ name, description?, parameters? }]`, tools the page
 * runs itself) as tool definitions without `execute`; 400 naming the field for anything
 * else, for more than {@link MAX_CLIENT_TOOLS}, and for a name a server tool already has.
 */
export function validateClientTools(raw: unknown, serverTools: readonly ToolDefinition[]): ToolDefinition[] {
  if (raw === undefined || raw === null) return [];
  const bad = (field: string, message: string): HttpError => new HttpError(400, 'invalid_request', message, field);
  if (!Array.isArray(raw) || raw.length > MAX_CLIENT_TOOLS) {
    throw bad('clientTools', `clientTools must be an array of at most ${MAX_CLIENT_TOOLS} tools like [{"name":"get_time","description":"...","parameters":{...}}]; received ${Array.isArray(raw) ? `${raw.length} tools` : JSON.stringify(raw)?.slice(0, 60)}.`);
  }
  const taken = new Set(serverTools.map((t) => t.name));
  return raw.map((item: unknown, i) => {
    const field = `clientTools[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw bad(field, `${field} must be an object with a name; received ${JSON.stringify(item)?.slice(0, 60)}.`);
    const { name, description, parameters } = item as Record<string, unknown>;
    if (typeof name !== 'string' || !NAME.test(name)) throw bad(`${field}.name`, `${field}.name must be 1-64 letters, digits, _ or -; received ${JSON.stringify(name)?.slice(0, 60)}.`);
    if (taken.has(name)) throw bad(`${field}.name`, `${field}.name "${name}" is already a tool of the server (or declared twice); give the page's tool another name.`);
    taken.add(name);
    const tool: ToolDefinition = { name };
    if (description !== undefined) {
      if (typeof description !== 'string' || description.length > 1_000) throw bad(`${field}.description`, `${field}.description must be a string of at most 1000 characters.`);
      tool.description = description;
    }
    if (parameters !== undefined) {
      if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters) || JSON.stringify(parameters).length > MAX_SCHEMA_CHARS) {
        throw bad(`${field}.parameters`, `${field}.parameters must be a JSON Schema object of at most ${MAX_SCHEMA_CHARS} characters.`);
      }
      tool.parameters = parameters as Record<string, unknown>;
    }
    return tool;
  });
}
