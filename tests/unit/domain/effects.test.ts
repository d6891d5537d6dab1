import { describe, expect, it } from 'vitest';
import { effectsFor, isSoftwareRenderer } from '../../../src/domain/effects';

describe('screen effects', () => {
  it('knows software rasterisers by the names browsers report', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer('Apple M2')).toBe(false);
    expect(isSoftwareRenderer('')).toBe(false);
  });

  it('auto follows the renderer; full and lite are what they say', () => {
    expect(effectsFor('auto', 'SwiftShader')).toBe('lite');
    expect(effectsFor('auto', 'Mali-G78')).toBe('full');
    expect(effectsFor('full', 'SwiftShader')).toBe('full');
    expect(effectsFor('lite', 'Mali-G78')).toBe('lite');
  });
});
