// The organisation field of registration and of "Change your details", enhanced: names from
// the organisations register are suggested as you type (GOV.UK's accessible-autocomplete, fed
// by /organisations/search); choosing one also chooses its sector. Whatever is typed is still
// sent as typed, so a new organisation is added with the sector chosen below it. Without
// JavaScript the field is a plain text field, matched to the register when the form is sent.
const input = document.querySelector('[data-organisation-autocomplete]')

function escaped (text) {
  const span = document.createElement('span')
  span.textContent = text
  return span.innerHTML
}

function nameOf (choice) {
  return typeof choice === 'string' ? choice : (choice ? choice.name : '')
}

function source (url) {
  let latest = 0
  return (query, populate) => {
    const asked = ++latest
    fetch(`${url}?q=${encodeURIComponent(query)}`, { headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : { organisations: [] }))
      .then((found) => { if (asked === latest) populate(found.organisations) })
      .catch(() => { if (asked === latest) populate([]) })
  }
}

function chooseSector (choice) {
  if (!choice || typeof choice === 'string') return
  const radio = document.querySelector(`input[name="sector"][value="${CSS.escape(choice.sector)}"]`)
  if (radio) radio.checked = true
}

// The hint and error message stay described by the field, beside the component's own hint.
function keepDescribed (field, ids) {
  const add = () => {
    const now = (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
    const missing = ids.filter((id) => !now.includes(id))
    if (missing.length) field.setAttribute('aria-describedby', [...now, ...missing].join(' '))
  }
  add()
  new MutationObserver(add).observe(field, { attributes: true, attributeFilter: ['aria-describedby'] })
}

if (input && window.accessibleAutocomplete) {
  const container = document.createElement('div')
  const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
  input.parentNode.insertBefore(container, input)
  input.remove()
  window.accessibleAutocomplete({
    element: container,
    id: input.id,
    name: input.name,
    defaultValue: input.value,
    minLength: 2,
    autoselect: false,
    confirmOnBlur: false,
    showNoOptionsFound: false,
    inputClasses: input.classList.contains('govuk-input--error') ? 'govuk-input--error' : null,
    source: source(input.dataset.source),
    onConfirm: chooseSector,
    templates: {
      inputValue: nameOf,
      suggestion: (choice) => typeof choice === 'string'
        ? escaped(choice)
        : `${escaped(choice.name)} <span class="app-autocomplete__sector">(${escaped(choice.sector_label)})</span>`
    }
  })
  const field = document.getElementById(input.id)
  if (field) {
    field.setAttribute('autocomplete', 'off')
    field.setAttribute('spellcheck', 'false')
    keepDescribed(field, described)
  }
}
