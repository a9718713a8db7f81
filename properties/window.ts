/** Sections near the bottom of memory that generated steps aim at (boot memory lives in 0..7). */
export const WINDOW_SECTIONS = 12;
