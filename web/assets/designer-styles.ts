// CodeMirror 6 (the FEEL fields of the BPMN properties panel and of the form editor) writes its base theme
// into a <style> element in <head> at run time. The Content-Security-Policy (style-src 'self') blocks such
// an element, and the FEEL fields then lose their layout. This copies the text of every <style> element
// added after the page loaded into a constructable stylesheet, which style-src does not govern: the rules
// are the bundled library's own, and no inline <style> from the page itself is ever honoured.

/** Mirrors run-time <style> elements in <head> into adopted stylesheets, keeping them in step as they change. */
export function adoptInjectedStyles(): void {
  if (typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return;
  const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();
  const mirror = (style: HTMLStyleElement) => {
    let sheet = sheets.get(style);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheets.set(style, sheet);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
    sheet.replaceSync(style.textContent ?? '');
  };
  const styleOf = (node: Node | null): HTMLStyleElement | undefined => {
    if (node instanceof HTMLStyleElement) return node;
    return node?.parentNode instanceof HTMLStyleElement ? node.parentNode : undefined;
  };
  new MutationObserver((records) => {
    for (const record of records) {
      const changed = styleOf(record.target);
      if (changed) mirror(changed);
      record.addedNodes.forEach((node) => {
        const added = styleOf(node);
        if (added) mirror(added);
      });
    }
  }).observe(document.head, { childList: true, subtree: true, characterData: true });
}
