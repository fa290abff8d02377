/**
 * Imports the tool card's chunk (`toolCallCardChunk`). A module of its own that imports
 * nothing, so the build bundles the chunk self-contained. Internal.
 */
export const loadToolCallCard = () => import('./toolCallCardChunk');
