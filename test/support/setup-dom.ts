import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// waitFor and findBy* wait for lazy chunks, which vitest transforms on first import: on a busy
// machine (the whole suite on two cores) that can take seconds, so they wait up to 5 s instead of
// 1 s. They still resolve as soon as the assertion holds.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
});
