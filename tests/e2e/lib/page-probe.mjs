/**
 * Runs in the page before the app (a Playwright init script, on every navigation) and writes down what
 * polling from the test cannot see reliably: every toast the app shows (a toast lives 2.5 s and the
 * same element is reused, so "shown exactly once" needs a record, not a look), and when watched texts
 * first reached the screen, in ms since navigation start.
 * @param {string[]} watched
 */
function probe(watched) {
  /** @type {{ toasts: { text: string, at: number }[], firstSeen: Record<string, number> }} */
  const record = { toasts: [], firstSeen: {} }
  Object.defineProperty(window, '__e2eProbe', { value: record })

  /** @param {Node} node */
  const toastOf = (node) => {
    const element = node instanceof Element ? node : node.parentElement
    return element?.closest('.taro__toast') ?? null
  }
  /** Taro's toast is `.taro__toast > div > p(icon) + p(title)`; showing it again only sets the title. */
  const titleOf = (/** @type {Element} */ toast) => toast.querySelectorAll('p')[1]?.textContent ?? ''

  const observer = new MutationObserver((mutations) => {
    const now = performance.now()
    for (const mutation of mutations) {
      if (mutation.type !== 'childList') continue
      for (const added of mutation.addedNodes) {
        const created = added instanceof Element && added.classList.contains('taro__toast')
        const retitled =
          mutation.target instanceof Element && mutation.target.tagName === 'P' && toastOf(mutation.target)
        if (created) record.toasts.push({ text: titleOf(added), at: now })
        else if (retitled && added.nodeType === Node.TEXT_NODE)
          record.toasts.push({ text: added.textContent ?? '', at: now })
      }
    }
    const text = document.body?.textContent ?? ''
    for (const wanted of watched) {
      if (record.firstSeen[wanted] !== undefined || !text.includes(wanted)) continue
      record.firstSeen[wanted] = -1
      // The frame that paints it: closer to "visible" than the DOM change itself.
      requestAnimationFrame(() => {
        record.firstSeen[wanted] = performance.now()
      })
    }
  })
  const start = () =>
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true })
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start, { once: true })
}

/**
 * Installs the probe in every page of `context`.
 * @param {import('playwright-core').BrowserContext} context
 * @param {string[]} watched texts whose first appearance is timed
 */
export async function installProbe(context, watched) {
  await context.addInitScript(probe, watched)
}

/**
 * What the probe recorded in the current document.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<{ toasts: { text: string, at: number }[], firstSeen: Record<string, number> }>}
 */
export function readProbe(page) {
  return page.evaluate(() => {
    const record = /** @type {any} */ (window).__e2eProbe
    return JSON.parse(JSON.stringify(record ?? { toasts: [], firstSeen: {} }))
  })
}
