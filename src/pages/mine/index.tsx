import { Image, Text, View } from '@tarojs/components'
import { useShallow } from 'zustand/react/shallow'
import type { User } from '../../../sdk'
import { ActionButton } from '../../components/action-button'
import { useSessionResource } from '../../hooks/use-session-resource'
import { login, logout } from '../../services/auth'
import { fetchProfile } from '../../services/profile'
import { useAuthStore } from '../../stores/auth-store'
import './index.css'

async function loadProfile(): Promise<{ user: User | null } | null> {
  if (!useAuthStore.getState().token) return { user: null }
  const user = await fetchProfile()
  return user ? { user } : null
}

/** 我的: the 微信登录 button when signed out; avatar, nickname and 退出登录 when signed in. */
export default function MinePage() {
  const { user, loggingIn, loggingOut } = useAuthStore(
    useShallow((s) => ({ user: s.user, loggingIn: s.loggingIn, loggingOut: s.loggingOut })),
  )
  // The cached user renders at once; the fresh profile updates the store (and so every page) when it arrives.
  useSessionResource(loadProfile)
  const busy = loggingIn || loggingOut

  return (
    <View className="page">
      {user ? (
        <View className="card">
          <Image className="avatar" src={user.avatarUrl} mode="aspectFill" />
          <Text className="nickname">{user.nickname}</Text>
          <ActionButton className="action" disabled={busy} loading={loggingOut} onClick={() => void logout()}>
            退出登录
          </ActionButton>
        </View>
      ) : (
        <View className="card">
          <View className="avatar avatar--empty" />
          <Text className="nickname nickname--empty">未登录</Text>
          <ActionButton
            className="action action--primary"
            type="primary"
            disabled={busy}
            loading={loggingIn}
            onClick={() => void login()}
          >
            微信登录
          </ActionButton>
        </View>
      )}
    </View>
  )
}
