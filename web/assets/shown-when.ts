// Follow-up questions that only matter after one answer: a block marked data-shown-when="name=value" is
// shown while the radio button `name` has `value` checked, and hidden otherwise (the child rows after
// "Are children coming with you?" = yes). Without script every block stays visible, and the server drops
// what the answer made irrelevant, so the form works either way.
export function initShownWhen(root: ParentNode = document): void {
  for (const block of root.querySelectorAll<HTMLElement>('[data-shown-when]')) {
    const [name = '', value = ''] = (block.dataset.shownWhen ?? '').split('=');
    const form = block.closest('form');
    if (!form || !name) continue;
    const update = () => {
      const chosen = form.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(name)}"]:checked`);
      block.hidden = chosen?.value !== value;
    };
    form.addEventListener('change', (event) => {
      if (event.target instanceof HTMLInputElement && event.target.name === name) update();
    });
    update();
  }
}
