import { createHttpError } from '../failureErrors';
import { createNetworkError } from '../errors';

/**
 * The errors {@link requestJson} throws, for its callers in the initial code (the
 * conversation list); the lazy session chunk gets them in its kit instead. Internal.
 */
export const REQUEST_ERRORS = { createHttpError, createNetworkError };
