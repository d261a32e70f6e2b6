// `@tarojs/taro` for Node tests that import client code but never call Taro itself.
const Taro: Record<string, unknown> = {}
export default Taro
