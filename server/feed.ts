import type { components } from '../sdk/api/schema'
import type { User } from './store'

type FeedItem = components['schemas']['FeedItem']

/** What everyone sees, signed in or not. */
export const PUBLIC_FEED: readonly FeedItem[] = [
  { id: 'public-welcome', title: '欢迎使用 miniauth', summary: '微信登录与退出登录，一步到位。', scope: 'public' },
  {
    id: 'public-sso',
    title: '单点登录',
    summary: '同一微信用户在新设备登录后，旧设备会自动退出。',
    scope: 'public',
  },
  { id: 'public-privacy', title: '隐私说明', summary: '我们只保存登录所需的最少信息。', scope: 'public' },
]

/** The signed-in user's own items. */
export function personalFeed(user: User): FeedItem[] {
  return [
    { id: `${user.id}-saved`, title: `${user.nickname}的收藏`, summary: '只有你能看到这条内容。', scope: 'personal' },
    { id: `${user.id}-history`, title: `${user.nickname}最近浏览`, summary: '你最近看过的内容。', scope: 'personal' },
  ]
}

/** The feed for a visitor (`null`) or a signed-in user. */
export function feedFor(user: User | null): { items: FeedItem[] } {
  return { items: user ? [...PUBLIC_FEED, ...personalFeed(user)] : [...PUBLIC_FEED] }
}
