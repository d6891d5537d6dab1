/** How pipes are coloured: by their CJJ 61 category, or by their live threshold status. */
export type ColorMode = 'category' | 'status';

export const COLOR_MODES: readonly ColorMode[] = ['category', 'status'];
