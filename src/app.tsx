import { useDidHide, useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { flushPendingRevocations } from './services/auth'
import { noteAppHidden, noteAppShown } from './services/foreground-check'
import { registerPrivacyPrompt } from './services/privacy'
import './app.css'

/** The app shell: pages render as its children. */
function App({ children }: PropsWithChildren) {
  // A logout that could not reach the server last time is sent again at launch.
  useLaunch(() => {
    // WeChat asks for privacy consent through this listener; our popup answers it on whichever page is open.
    registerPrivacyPrompt()
    void flushPendingRevocations()
  })
  useDidHide(noteAppHidden)
  useDidShow(noteAppShown)
  return children
}

export default App
