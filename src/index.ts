/**
 * chatwire: React components and hooks for streaming AI chat over Server-Sent Events.
 *
 * @packageDocumentation
 */
export * from './core/index';
export * from './react/index';
export * from './markdown/react/index';
export * from './components/index';
