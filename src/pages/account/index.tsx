import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '../../components/action-button'
import { logout } from '../../services/auth'
import { useLoginRequired } from '../../services/require-login'
import { useAuthStore } from '../../stores/auth-store'
import './index.css'

/** 账号与安全: reachable only with a session; shows whose session it is, how it lasts, and 退出登录. */
export default function AccountPage() {
  const allowed = useLoginRequired('登录后可查看账号与安全')
  const user = useAuthStore((s) => s.user)
  const loggingOut = useAuthStore((s) => s.loggingOut)

  if (!allowed || !user) {
    return (
      <View className="page">
        <Text className="account__empty">登录后可查看账号与安全</Text>
      </View>
    )
  }

  async function signOut(): Promise<void> {
    await logout()
    // Nothing on this page is for a signed-out user: back to where they came from.
    await Taro.navigateBack({ delta: 1 }).catch(() => Taro.switchTab({ url: '/pages/mine/index' }))
  }

  return (
    <View className="page">
      <View className="account">
        <View className="account__row">
          <Text className="account__label">昵称</Text>
          <Text>{user.nickname}</Text>
        </View>
        <View className="account__row">
          <Text className="account__label">用户 ID</Text>
          <Text>{user.id}</Text>
        </View>
        <View className="account__row">
          <Text className="account__label">登录状态</Text>
          <Text>已登录</Text>
        </View>
        {/* The server renews the session as it is used and alone decides when it ends. */}
        <Text className="account__note">
          {`使用期间登录会自动续期；在其他设备登录同一${APP_PLATFORM.name}账号后，本机将退出登录。`}
        </Text>
        <ActionButton className="account__action" disabled={loggingOut} onClick={() => void signOut()}>
          退出登录
        </ActionButton>
      </View>
    </View>
  )
}
