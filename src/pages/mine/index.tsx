import './index.css'
import { Text, View } from '@tarojs/components'

/** 我的: the account. */
export default function MinePage() {
  return (
    <View className="page">
      <Text>我的</Text>
    </View>
  )
}
