import Taro from '@tarojs/taro'

interface OpenLoading {
  title: string
}

// WeChat has one loading overlay for the whole app: who asked for it last owns it, the others wait below.
const open: OpenLoading[] = []

/**
 * Shows a masked loading and returns the function that closes it. Each flow closes only its own: when a
 * flow finishes while a later one still waits, the later one's loading stays up; when the loading on top
 * closes, the one below it (if any) comes back.
 */
export function showBlockingLoading(title: string): () => void {
  const entry: OpenLoading = { title }
  open.push(entry)
  void Taro.showLoading({ title, mask: true })
  return () => {
    const index = open.indexOf(entry)
    if (index === -1) return
    open.splice(index, 1)
    if (index !== open.length) return
    const below = open[open.length - 1]
    if (below) void Taro.showLoading({ title: below.title, mask: true })
    // noConflict: a toast shown since (a failure, a lost session) is another flow's message, not ours to close.
    else Taro.hideLoading({ noConflict: true })
  }
}

/** How many loadings are waiting to close (for tests: it returns to 0 once every flow is done). */
export function openLoadingCount(): number {
  return open.length
}
