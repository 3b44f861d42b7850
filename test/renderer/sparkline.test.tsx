import { render, screen } from '@testing-library/react';
import { Sparkline, sparklinePoints } from '../../renderer/src/views/problems/sparkline';

test('points are spread over the width and scaled so the largest count touches the top', () => {
  // 80×20 with 1.5 padding: x from 1.5 to 78.5, y from 18.5 (zero) up to 1.5 (the maximum).
  expect(sparklinePoints([0, 2, 4], 80, 20)).toEqual([
    { x: 1.5, y: 18.5 },
    { x: 40, y: 10 },
    { x: 78.5, y: 1.5 },
  ]);
});

test('all zeros lie on the bottom line, and a single day does not divide by zero', () => {
  expect(sparklinePoints([0, 0], 80, 20).map((p) => p.y)).toEqual([18.5, 18.5]);
  expect(sparklinePoints([3], 80, 20)).toEqual([{ x: 1.5, y: 1.5 }]);
  expect(sparklinePoints([], 80, 20)).toEqual([]);
});

test('renders a labelled polyline with the scaled points', () => {
  const { container } = render(<Sparkline counts={[1, 0, 0, 3, 1]} />);
  const svg = screen.getByRole('img', { name: '5 reports in the last 5 days' });
  expect(svg.getAttribute('width')).toBe('80');
  expect(svg.getAttribute('height')).toBe('20');
  const points = container.querySelector('polyline')?.getAttribute('points');
  expect(points).toBe('1.5,12.83 20.75,18.5 40,18.5 59.25,1.5 78.5,12.83');
  // The last day had a report: a dot marks today's end of the line.
  expect(container.querySelector('circle')).not.toBeNull();
});

test('the label uses the singular for one report', () => {
  render(<Sparkline counts={new Array(30).fill(0).map((_, i) => (i === 3 ? 1 : 0))} />);
  expect(screen.getByRole('img', { name: '1 report in the last 30 days' })).toBeTruthy();
});
