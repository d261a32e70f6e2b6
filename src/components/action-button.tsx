import { Button, type ButtonProps } from '@tarojs/components'

/**
 * Taro's `Button` with `disabled` and `loading` left out when false: the H5 button is a web component
 * that React gives `disabled="false"`, which its `[disabled]` styles treat as disabled.
 */
export function ActionButton({ disabled, loading, ...props }: ButtonProps) {
  return <Button {...props} disabled={disabled || undefined} loading={loading || undefined} />
}
