import { useDidHide, useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { flushPendingRevocations } from './services/auth'
import { noteAppHidden, noteAppShown } from './services/foreground-check'
import { registerPrivacyPrompt } from './services/privacy'
import { createSilentLogin } from './services/silent-login'
import './app.css'

// One per launch: the app module is evaluated once per launch.
const silentLogin = createSilentLogin()

/** The app shell: pages render as its children. */
function App({ children }: PropsWithChildren) {
  // A logout that could not reach the server last time is sent again at launch.
  useLaunch(() => {
    // WeChat asks for privacy consent through this listener; our popup answers it on whichever page is open.
    if (APP_PLATFORM.privacyConsent) registerPrivacyPrompt()
    void flushPendingRevocations()
    // Off unless built with TARO_APP_SILENT_LOGIN=true; never an overlay over the first screen.
    void silentLogin()
  })
  useDidHide(noteAppHidden)
  useDidShow(noteAppShown)
  return children
}

export default App
