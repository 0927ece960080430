"""What the browser tests measure in a page, as scripts to evaluate there."""

# Words of the text under ``selector`` that a line break cuts, other than after a hyphen or
# slash, before an opening parenthesis (Korean writes "브라우저(HTTP 캐시)" without a space) or
# at an element boundary (the <wbr> after each . and _ of an identifier).
FIND_BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\\S+/g)) {
        let previousTop = null;
        for (let at = word.index; at < word.index + word[0].length; at += 1) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rect = range.getBoundingClientRect();
          if (!rect.width) continue;
          const top = Math.round(rect.top);
          const between = node.textContent[at - 1] + node.textContent[at];
          const allowed = "-/".includes(between[0]) || between[1] === "(";
          if (previousTop !== null && top > previousTop + 2 && !allowed) {
            broken.push(`${word[0]} (before "${node.textContent[at]}")`);
            break;
          }
          previousTop = top;
        }
      }
    }
  }
  return broken;
}"""
