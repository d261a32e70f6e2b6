import { Text, View } from '@tarojs/components'
import { useShallow } from 'zustand/react/shallow'
import type { User } from '../../../sdk'
import { ActionButton } from '../../components/action-button'
import { PrivacyNotice, PrivacyPopup } from '../../components/privacy-popup'
import { ProfileEditor } from '../../components/profile-editor'
import { useSessionResource } from '../../hooks/use-session-resource'
import { login, loginWithPhone, logout } from '../../services/auth'
import { devLoginUser } from '../../services/login-code'
import { phoneCodeFrom } from '../../services/phone-code'
import { fetchProfile } from '../../services/profile'
import { openWithLogin } from '../../services/require-login'
import { useAuthStore } from '../../stores/auth-store'
import './index.css'

async function loadProfile(): Promise<{ user: User | null } | null> {
  if (!useAuthStore.getState().token) return { user: null }
  const user = await fetchProfile()
  return user ? { user } : null
}

/** 手机号快捷登录: the phone code and a login code in one request; a refusal sends nothing. */
function onPhoneLogin(event: { detail: unknown }): void {
  const code = phoneCodeFrom(event.detail)
  if (code !== null) void loginWithPhone(code)
}

/**
 * 我的: the platform's login (微信登录, 支付宝登录, 抖音登录) and, on WeChat, 手机号快捷登录 when signed out; the
 * profile (avatar, nickname, phone, editable where the platform offers it) and 退出登录 when signed in.
 */
export default function MinePage() {
  const { user, loggingIn, loggingOut } = useAuthStore(
    useShallow((s) => ({ user: s.user, loggingIn: s.loggingIn, loggingOut: s.loggingOut })),
  )
  // The cached user renders at once; the fresh profile updates the store (and so every page) when it arrives.
  useSessionResource(loadProfile)
  const busy = loggingIn || loggingOut
  const devUser = devLoginUser()

  return (
    <View className="page">
      {user ? (
        <View className="card">
          <ProfileEditor user={user} busy={busy} />
          {/* One indicator per action: the 退出登录中 / 登录中 overlay, never a button spinner as well. The
              keys give each state its own button: React then never rewrites the text inside a button
              whose slot Taro's H5 web component manages (NervJS/taro#11379, an insertBefore error). */}
          <ActionButton key="logout" className="action" disabled={busy} onClick={() => void logout()}>
            退出登录
          </ActionButton>
        </View>
      ) : (
        <View className="card">
          <View className="avatar avatar--empty" />
          <Text className="nickname nickname--empty">未登录</Text>
          <ActionButton
            key="login"
            className="action action--primary"
            type="primary"
            disabled={busy}
            onClick={() => void login()}
          >
            {`${APP_PLATFORM.name}登录`}
          </ActionButton>
          {APP_PLATFORM.phoneNumber ? (
            <ActionButton
              key="phone-login"
              className="action"
              openType="getPhoneNumber"
              disabled={busy}
              onGetPhoneNumber={onPhoneLogin}
            >
              手机号快捷登录
            </ActionButton>
          ) : null}
          {APP_PLATFORM.privacyConsent ? <PrivacyNotice /> : null}
        </View>
      )}
      <View className="entry" onClick={() => void openWithLogin('/pages/account/index')}>
        <Text>账号与安全</Text>
        <Text className="entry__arrow">›</Text>
      </View>
      {devUser === null ? null : <Text className="dev-user">{`开发模式：以 ${devUser} 的身份登录`}</Text>}
      {APP_PLATFORM.privacyConsent ? <PrivacyPopup /> : null}
    </View>
  )
}
