import { act, fireEvent, render, renderHook } from '@testing-library/react';
import { useControllableValue } from '../../../src/components/useControllableValue';
import { useEnterToSend } from '../../../src/components/useEnterToSend';

describe('useControllableValue', () => {
  it('keeps its own value when uncontrolled, reporting each change', () => {
    const onChange = vi.fn();
    const hook = renderHook(() => useControllableValue<string>(undefined, 'draft', onChange));
    expect(hook.result.current[0]).toBe('draft');
    act(() => hook.result.current[1]('next'));
    expect(hook.result.current[0]).toBe('next');
    expect(onChange).toHaveBeenCalledWith('next');
  });

  it("shows the caller's value when controlled, and only reports changes", () => {
    const onChange = vi.fn();
    const hook = renderHook(({ value }) => useControllableValue<string>(value, '', onChange), { initialProps: { value: 'owned' } });
    act(() => hook.result.current[1]('typed'));
    expect(hook.result.current[0]).toBe('owned');
    expect(onChange).toHaveBeenCalledWith('typed');
    hook.rerender({ value: 'typed' });
    expect(hook.result.current[0]).toBe('typed');
  });
});

describe('useEnterToSend', () => {
  function setup() {
    const send = vi.fn();
    function Box() {
      return <textarea aria-label="box" {...useEnterToSend(send)} />;
    }
    const box = render(<Box />).getByLabelText('box');
    return { send, box };
  }

  it('sends on Enter, not on Shift+Enter or other keys', () => {
    const { send, box } = setup();
    fireEvent.keyDown(box, { key: 'a' });
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(send).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('does nothing on Enter while an IME composes (composition events or key code 229)', () => {
    const { send, box } = setup();
    fireEvent.compositionStart(box);
    fireEvent.keyDown(box, { key: 'Enter' });
    fireEvent.compositionEnd(box);
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 });
    expect(send).not.toHaveBeenCalled();
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(send).toHaveBeenCalledTimes(1);
  });
});
