import type { Locator, Page } from 'playwright-core';

/** Seeding the demo workspace on a first start takes a few seconds on a busy machine. */
const FIRST_OPEN_MS = 45_000;

export interface CustomerFields {
  name?: string;
  industry?: string;
  /** Region key, e.g. 'south'. */
  region?: string;
  /** Tier key, e.g. 'key'. */
  tier?: string;
  owner?: string;
  paymentTerms?: string;
  /** In yuan, as typed. */
  creditLimit?: string;
  taxId?: string;
  notes?: string;
}

export interface ContactFields {
  name: string;
  role?: string;
  phone?: string;
  email?: string;
}

/** The customer list as a sales manager uses it: search, filters, and the way into a customer. */
export class CustomersPage {
  private constructor(private readonly page: Page) {}

  /** From the shell: the Customers area in the navigation; waits until the list has rendered. */
  static async openFromShell(page: Page): Promise<CustomersPage> {
    await page.getByRole('navigation').getByRole('link', { name: /^(Customers|客户)$/ }).click();
    return CustomersPage.ready(page);
  }

  /** Waits until the list has rendered (the demo customers are seeded on a first start). */
  static async ready(page: Page): Promise<CustomersPage> {
    const list = new CustomersPage(page);
    await list.rows().first().waitFor({ timeout: FIRST_OPEN_MS });
    return list;
  }

  private rows(): Locator {
    return this.page.locator('tr[data-customer]');
  }

  /** Customer names as listed, in order. */
  names(): Promise<string[]> {
    return this.page.getByTestId('customer-link').allInnerTexts();
  }

  /** The line above the list, e.g. "12 customers". */
  countText(): Promise<string> {
    return this.page.getByTestId('customer-count').innerText();
  }

  /** Each listed row's cells as shown: name, tier, region, owner, industry, updated. */
  async rowCells(name: string): Promise<string[]> {
    const row = this.rows().filter({ has: this.page.getByTestId('customer-link').getByText(name, { exact: true }) });
    return row.locator('td').allInnerTexts();
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('customer-search').fill(text);
  }

  async filterTier(key: string): Promise<void> {
    await this.page.getByTestId('filter-tier').selectOption(key);
  }

  /** Opens the customer with this name. */
  async open(name: string): Promise<CustomerForm> {
    await this.page.getByTestId('customer-link').getByText(name, { exact: true }).click();
    return CustomerForm.ready(this.page);
  }

  /** The "new customer" button; the empty form opens. */
  async newCustomer(): Promise<CustomerForm> {
    await this.page.getByTestId('new-customer').click();
    return CustomerForm.ready(this.page);
  }
}

/** One customer's page: the form, the tier's policy card, delete/restore, quotes, new quote. */
export class CustomerForm {
  private constructor(private readonly page: Page) {}

  static async ready(page: Page): Promise<CustomerForm> {
    await page.getByTestId('customer-form').waitFor({ timeout: FIRST_OPEN_MS });
    return new CustomerForm(page);
  }

  private form(): Locator {
    return this.page.getByTestId('customer-form');
  }

  private control(name: string): Locator {
    return this.form().locator(`[name="${name}"]`);
  }

  title(): Promise<string> {
    return this.page.getByTestId('customer-title').innerText();
  }

  /** Fills the given fields; selects take the key (tier, region) or the name (owner). */
  async fill(fields: CustomerFields): Promise<void> {
    for (const [name, value] of Object.entries(fields) as [keyof CustomerFields, string | undefined][]) {
      if (value === undefined) continue;
      if (name === 'region' || name === 'tier' || name === 'owner') await this.control(name).selectOption(value);
      else if (name === 'creditLimit') await this.control('creditLimit').fill(value);
      else await this.control(name).fill(value);
    }
  }

  /** The value a field shows now. */
  value(name: string): Promise<string> {
    return this.control(name).inputValue();
  }

  /** Adds a contact row and fills it. */
  async addContact(contact: ContactFields): Promise<void> {
    const index = await this.form().locator('tr[data-contact]').count();
    await this.page.getByTestId('add-contact').click();
    for (const [key, value] of Object.entries(contact)) {
      if (value !== undefined) await this.control(`contacts.${index}.${key}`).fill(value);
    }
  }

  /** A contact's field value, e.g. contactValue(0, 'email'). */
  contactValue(index: number, key: string): Promise<string> {
    return this.control(`contacts.${index}.${key}`).inputValue();
  }

  /** Presses save: the page moves to the new customer, shows "saved", or lists the problems. */
  async save(): Promise<void> {
    await this.page.getByTestId('save-customer').click();
    await this.page.locator('[data-testid="customer-notice"], [data-testid="customer-problems"]').first().waitFor();
  }

  /** The problems shown at a field (`name`, `creditLimit`, …) or a contact field (`contacts.0.email`). */
  async fieldProblems(field: string): Promise<string[]> {
    const contact = /^contacts\.\d+\.\w+$/.test(field);
    const at = contact
      ? this.form().locator(`[data-problem="${field}"]`)
      : this.form()
          .locator('label.customer-field')
          .filter({ has: this.page.locator(`[name="${field}"]`) })
          .locator('.field-problem');
    return at.allInnerTexts();
  }

  /** The refusal list beside the form ("Not saved. Please fix: …"), one entry per problem. */
  problemList(): Promise<string[]> {
    return this.page.getByTestId('customer-problems').locator('li').allInnerTexts();
  }

  notice(): Promise<string> {
    return this.page.getByTestId('customer-notice').innerText();
  }

  /** The tier's policy card beside the tier select. */
  tierCard(): Promise<string> {
    return this.page.getByTestId('tier-card').innerText();
  }

  tierDiscounts(): Promise<{ defaultDiscount: string; cap: string }> {
    return Promise.all([this.page.getByTestId('tier-default-discount').innerText(), this.page.getByTestId('tier-discount-cap').innerText()]).then(([defaultDiscount, cap]) => ({
      defaultDiscount,
      cap,
    }));
  }

  async placeholder(name: string): Promise<string> {
    return (await this.control(name).getAttribute('placeholder')) ?? '';
  }

  async remove(): Promise<string> {
    await this.page.getByTestId('delete-customer').click();
    const bar = this.page.getByTestId('deleted-bar');
    await bar.waitFor();
    return bar.innerText();
  }

  /** The undo / restore button of the deleted bar. */
  async restore(): Promise<void> {
    await this.page.getByTestId('restore-customer').click();
    await this.page.getByTestId('deleted-bar').waitFor({ state: 'detached' });
  }

  /** The customer's quotes as listed: [number, state, date, total] per row. */
  async quotes(): Promise<string[][]> {
    const section = this.page.getByTestId('customer-quotes');
    await section.locator('tr[data-quote], .customers-muted').first().waitFor();
    const rows = await section.locator('tr[data-quote]').all();
    return Promise.all(rows.map((r) => r.locator('td').allInnerTexts()));
  }

  /** "New quote" with an inquiry; waits until the app has moved to the new quote. */
  async newQuote(inquiry: { requirements: string; quantity?: string; requestedDate?: string }): Promise<void> {
    await this.page.getByTestId('new-quote').click();
    const form = this.page.getByTestId('inquiry-form');
    await form.locator('[name="requirements"]').fill(inquiry.requirements);
    if (inquiry.quantity !== undefined) await form.locator('[name="quantity"]').fill(inquiry.quantity);
    if (inquiry.requestedDate !== undefined) await form.locator('[name="requestedDate"]').fill(inquiry.requestedDate);
    await form.getByTestId('create-quote').click();
    await this.page.waitForURL(/\/quotes\/[^/]+$/, { timeout: 15_000 });
  }

  async backToList(): Promise<CustomersPage> {
    await this.page.getByRole('link', { name: /^← (Customers|客户列表)$/ }).click();
    return CustomersPage.ready(this.page);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
