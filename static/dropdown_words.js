// Streamlit's dropdowns write a few fixed English words that no parameter replaces ("No results"
// when a typed filter matches nothing, "No options to select" for an empty list). The page frame
// inlines this file with the visitor's words; it rewrites only those exact texts, in the open list.
(function (words) {
  const state = window.__dtiDropdownWords || (window.__dtiDropdownWords = {});
  state.words = words;
  const fixed = { "No results": "noResults", "No options to select": "noOptions" };
  function translate(root) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const key = fixed[node.nodeValue.trim()];
      const words = key && state.words[key];
      // Only a real change: writing the same text again would wake the observer forever.
      if (words && words !== node.nodeValue && node.parentElement.closest('[data-baseweb="popover"], [role="listbox"]')) {
        node.nodeValue = words;
      }
    }
  }
  state.translate = translate;
  if (!state.observer) {
    state.observer = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "characterData" && change.target.parentElement) {
          translate(change.target.parentElement);
        }
        for (const added of change.addedNodes) {
          if (added.nodeType === Node.ELEMENT_NODE) translate(added);
          else if (added.nodeType === Node.TEXT_NODE && added.parentElement) translate(added.parentElement);
        }
      }
    });
    state.observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }
  translate(document.body);
})(DTI_WORDS);
