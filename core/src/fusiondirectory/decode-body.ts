/**
 * Decodes a FusionDirectory answer the way upstream's integrator did (`json_decode` whatever the Content-Type: FD's
 * PHP does not always label its JSON), but keeps text that is not JSON instead of turning it into null, and maps an
 * empty body to null.
 */
export function decodeBody(text: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
