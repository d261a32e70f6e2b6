import { Button, Image, Text, View } from '@tarojs/components'
import type { FeedItem } from '../../../sdk'
import { ActionButton } from '../../components/action-button'
import { FavouriteButton } from '../../components/favourite-button'
import { PrivacyPopup } from '../../components/privacy-popup'
import { useSessionResource } from '../../hooks/use-session-resource'
import { api } from '../../services/api'
import { openWithLogin } from '../../services/require-login'
import { useAuthStore } from '../../stores/auth-store'
import './index.css'

async function loadFeed(): Promise<FeedItem[] | null> {
  const result = await api.GET('/feed')
  return result.error ? null : result.data.items
}

/** 首页: a greeting when signed in, a hint to log in otherwise, and the feed for whoever is signed in. */
export default function IndexPage() {
  const user = useAuthStore((s) => s.user)
  const feed = useSessionResource(loadFeed)

  return (
    <View className="page">
      {user ? (
        <View className="banner banner--user">
          <Image className="banner__avatar" src={user.avatarUrl} mode="aspectFill" />
          <Text className="banner__title">{`你好，${user.nickname}`}</Text>
        </View>
      ) : (
        <View className="banner">
          <Text className="banner__hint">登录后可查看你的个人内容</Text>
          <Button
            className="banner__action"
            size="mini"
            onClick={() => void openWithLogin('/pages/mine/index', { prompt: '登录后可查看你的个人内容' })}
          >
            去登录
          </Button>
        </View>
      )}
      <View className="feed">
        {feed.data?.map((item) => (
          <View key={item.id} className={`feed__item feed__item--${item.scope}`}>
            <Text className="feed__title">{item.title}</Text>
            <Text className="feed__summary">{item.summary}</Text>
            {item.scope === 'personal' ? <Text className="feed__badge">仅自己可见</Text> : null}
            <FavouriteButton itemId={item.id} title={item.title} />
          </View>
        ))}
        {feed.loading && !feed.data ? <Text className="feed__status">加载中…</Text> : null}
        {feed.failed ? <Text className="feed__status">加载失败，请稍后重试</Text> : null}
      </View>
      <ActionButton className="refresh" disabled={feed.loading} onClick={() => void feed.reload()}>
        刷新
      </ActionButton>
      {APP_PLATFORM.privacyConsent ? <PrivacyPopup /> : null}
    </View>
  )
}
