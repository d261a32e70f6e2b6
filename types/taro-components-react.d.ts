// The deep imports tests/jest/components.ts uses: each is the component of the same name in `@tarojs/components`.
declare module '@tarojs/components-react/dist/components/*/index.js' {
  import type { ComponentType } from 'react'

  const component: ComponentType<Record<string, unknown>>
  export default component
}
