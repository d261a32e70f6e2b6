import './index.css'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { components } from '../../../sdk/schema'
import { API_BASE_URL } from '../../services/config'

type FeedItem = components['schemas']['FeedItem']

/** 首页: the feed. */
export default function IndexPage() {
  const [items, setItems] = useState<FeedItem[] | null>(null)
  const [loading, setLoading] = useState(false)

  async function load() {
    setLoading(true)
    try {
      const res = await Taro.request<components['schemas']['Feed']>({ url: `${API_BASE_URL}/feed`, method: 'GET' })
      setItems(res.statusCode === 200 ? res.data.items : [])
    } finally {
      setLoading(false)
    }
  }

  return (
    <View className="page">
      <Button disabled={loading} onClick={load}>
        刷新
      </Button>
      {items?.map((item) => (
        <View key={item.id}>
          <Text>{item.title}</Text>
        </View>
      ))}
    </View>
  )
}
