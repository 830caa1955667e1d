/**
 * The Debian mirror apt already uses, read from its sources (pure): deb822
 * `.sources` stanzas or one-line `sources.list` entries, the first that
 * serves `<suite>` main.
 */
export function debianMirror(sources: readonly string[], suite: string): string | undefined {
  for (const text of sources) {
    for (const stanza of text.split(/\n\s*\n/)) {
      const fields = new Map<string, string>();
      for (const line of stanza.split('\n')) {
        const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
        if (m?.[1] && m[2] !== undefined) fields.set(m[1].toLowerCase(), m[2]);
      }
      const types = (fields.get('types') ?? '').split(/\s+/);
      const suites = (fields.get('suites') ?? '').split(/\s+/);
      const components = (fields.get('components') ?? '').split(/\s+/);
      const uri = (fields.get('uris') ?? '').split(/\s+/)[0];
      if (fields.get('enabled') === 'no') continue;
      if (types.includes('deb') && suites.includes(suite) && components.includes('main') && uri) return uri;
    }
    for (const line of text.split('\n')) {
      const m = /^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.*)$/.exec(line);
      if (m?.[1] && m[2] === suite && (m[3] ?? '').split(/\s+/).includes('main')) return m[1];
    }
  }
  return undefined;
}
