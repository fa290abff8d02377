// chatwire/server: the companion for Node and fetch-style runtimes.
export {};
