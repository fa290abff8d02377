import { describe, expect, it } from 'vitest';
import { modelFromEnv } from '../../../src/server/models/modelFromEnv';

describe('modelFromEnv', () => {
  it('prefers Anthropic, then OpenAI, else null for the mock fallback', () => {
    expect(modelFromEnv({ ANTHROPIC_API_KEY: 'a', OPENAI_API_KEY: 'o', ANTHROPIC_MODEL: 'claude-x' })?.name).toBe('anthropic:claude-x');
    expect(modelFromEnv({ OPENAI_API_KEY: 'o', OPENAI_MODEL: 'gpt-x' })?.name).toBe('openai:gpt-x');
    expect(modelFromEnv({ ANTHROPIC_API_KEY: '', OPENAI_API_KEY: '' })).toBeNull();
    expect(modelFromEnv({})).toBeNull();
  });
});
