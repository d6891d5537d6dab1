/**
 * The user's "reduce motion" setting (prefers-reduced-motion, WCAG 2.3.3): camera flights become jumps and nothing
 * pulses. One home for the check; every flight in viewer/ and layers/ takes its duration through flightSeconds().
 */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** A flight's duration in seconds: as asked, or 0 (a jump) when the user prefers reduced motion. */
export function flightSeconds(requested: number): number {
  return prefersReducedMotion() ? 0 : requested;
}
