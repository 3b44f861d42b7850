/** Stands in for imported stylesheets in jsdom tests. */
export default {};
